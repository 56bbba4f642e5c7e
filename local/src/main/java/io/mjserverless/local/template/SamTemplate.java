package io.mjserverless.local.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SAM template as the local runtime needs it: functions (with SAM Globals), HTTP routes, CORS,
 * tables, buckets, state machines and outputs, every value resolved in a local {@link StackContext}
 * (see {@link IntrinsicResolver} for the intrinsics and {@link DefaultPhysicalNaming} for the names).
 *
 * <p>Resources whose Condition is false are left out of every typed view. Resources of other
 * types are kept, unresolved, in {@link #resources()}. Function events of types other than
 * {@code HttpApi} and {@code S3} (Schedule, SQS, ...) are ignored, except those that would
 * silently change behaviour: {@code Api} (REST API) events and S3 notifications delivered through
 * EventBridge ({@code EventBridgeRule}/{@code CloudWatchEvent} whose Pattern has source
 * {@code aws.s3}) are errors — use {@code Type: HttpApi} and {@code Type: S3}.
 *
 * <p>Everything is read and resolved at load; the views are immutable. {@link #ref},
 * {@link #getAtt} and {@link #resolve} evaluate on demand and are synchronized, so an instance
 * can be shared between threads.
 */
public final class SamTemplate {
  private final Path templateFile;
  private final Path templateDir;
  private final IntrinsicResolver resolver;
  private final Map<String, FunctionDef> functions = new LinkedHashMap<>();
  private final RouteTable routeTable;
  private final CorsDef cors;
  private final Map<String, TableDef> tables = new LinkedHashMap<>();
  private final Map<String, BucketDef> buckets = new LinkedHashMap<>();
  private final Map<String, StateMachineDef> stateMachines = new LinkedHashMap<>();
  private final Map<String, OutputDef> outputs = new LinkedHashMap<>();
  private final Map<String, FunctionDef> functionsByName = new LinkedHashMap<>();

  private SamTemplate(Map<String, Object> tree, Path templateFile, Path templateDir, Map<String, String> overrides,
      StackContext stack, PhysicalNaming naming) {
    this.templateFile = templateFile;
    this.templateDir = templateDir.toAbsolutePath().normalize();
    this.resolver = new IntrinsicResolver(tree, overrides, stack, naming);
    Set<String> apis = new LinkedHashSet<>();
    List<HttpRoute> routes = new ArrayList<>();
    for (TemplateResource r : resolver.resources().values()) {
      if (!r.created()) {
        continue;
      }
      switch (r.type()) {
        case "AWS::Serverless::Function": {
          FunctionDef f = readFunction(r, apis);
          functions.put(f.logicalId(), f);
          routes.addAll(f.httpRoutes());
          break;
        }
        case "AWS::DynamoDB::Table":
          tables.put(r.logicalId(), readTable(r));
          break;
        case "AWS::Serverless::SimpleTable":
          tables.put(r.logicalId(), readSimpleTable(r));
          break;
        case "AWS::S3::Bucket":
          buckets.put(r.logicalId(), new BucketDef(r.logicalId(), ref(r.logicalId()), readBucketCors(r)));
          break;
        case "AWS::Serverless::StateMachine":
          stateMachines.put(r.logicalId(), readStateMachine(r));
          break;
        default:
          break;
      }
    }
    if (apis.size() > 1) {
      throw new TemplateException("HttpApi events are on more than one HTTP API " + apis
          + "; the local runtime serves one");
    }
    this.routeTable = new RouteTable(routes);
    this.cors = readCors(apis.isEmpty() ? null : apis.iterator().next());
    readOutputs(tree);
    functions.values().forEach(f -> functionsByName.put(ref(f.logicalId()), f));
  }

  /**
   * Loads and resolves a template in the local account 000000000000, partition aws.
   *
   * @param parameterOverrides values by parameter name, over the template's defaults (null for none)
   * @param region {@code AWS::Region}
   * @param stackName {@code AWS::StackName}, the prefix of generated physical names
   * @throws TemplateException naming where the template cannot be read or resolved
   */
  public static SamTemplate load(Path templateFile, Map<String, String> parameterOverrides, String region,
      String stackName) {
    return load(templateFile, parameterOverrides, StackContext.local(region, stackName), new DefaultPhysicalNaming());
  }

  /** As {@link #load(Path, Map, String, String)} with a given stack context and naming. */
  public static SamTemplate load(Path templateFile, Map<String, String> parameterOverrides, StackContext stack,
      PhysicalNaming naming) {
    Path file = templateFile.toAbsolutePath().normalize();
    return new SamTemplate(CfnYaml.load(file), file, file.getParent(), parameterOverrides, stack, naming);
  }

  /**
   * A template given as text (tests, generated templates).
   *
   * @param templateDir the folder relative paths (CodeUri, DefinitionUri) are resolved against
   */
  public static SamTemplate parse(String yaml, Path templateDir, Map<String, String> parameterOverrides,
      StackContext stack, PhysicalNaming naming) {
    return new SamTemplate(CfnYaml.parse(yaml, "<template text>"), null, templateDir, parameterOverrides, stack, naming);
  }

  // ------------------------------------------------------------------ views

  /** The template file, or null when parsed from text. */
  public Path templateFile() {
    return templateFile;
  }

  public Path templateDir() {
    return templateDir;
  }

  public StackContext stack() {
    return resolver.stack();
  }

  /** Effective parameter values (defaults with overrides applied; list types comma-joined). */
  public Map<String, String> parameters() {
    return resolver.parameterValues();
  }

  public Map<String, Boolean> conditions() {
    return resolver.conditions();
  }

  /** Every resource as written, whatever its type, in template order. */
  public Map<String, TemplateResource> resources() {
    return resolver.resources();
  }

  /** {@code AWS::Serverless::Function}s by logical id, in template order. */
  public Map<String, FunctionDef> functions() {
    return Collections.unmodifiableMap(functions);
  }

  public Optional<FunctionDef> function(String logicalId) {
    return Optional.ofNullable(functions.get(logicalId));
  }

  /**
   * The function a Lambda ARN names ({@code arn:...:function:<name>} with or without a
   * {@code :qualifier}), or a bare function name — as found in a state machine definition.
   */
  public Optional<FunctionDef> functionForArn(String arnOrName) {
    String name = arnOrName;
    if (arnOrName.startsWith("arn:")) {
      String[] parts = arnOrName.split(":");
      if (parts.length < 7 || !"lambda".equals(parts[2]) || !"function".equals(parts[5])) {
        return Optional.empty();
      }
      name = parts[6];
    }
    return Optional.ofNullable(functionsByName.get(name));
  }

  /** Every HTTP route of every function, in template order. */
  public List<HttpRoute> httpRoutes() {
    return routeTable.routes();
  }

  /** API Gateway's route selection; see {@link RouteTable} for the rules. */
  public Optional<RouteMatch> match(String method, String rawPath) {
    return routeTable.match(method, rawPath);
  }

  public RouteTable routeTable() {
    return routeTable;
  }

  /** The HTTP API's CorsConfiguration (its own, else Globals.HttpApi's); empty when none. */
  public Optional<CorsDef> cors() {
    return Optional.ofNullable(cors);
  }

  /** Every S3 trigger of every function, in template order. */
  public List<S3Trigger> s3Triggers() {
    return functions.values().stream().flatMap(f -> f.s3Triggers().stream()).toList();
  }

  /** Every function's Schedule events with a rate. */
  public List<ScheduleEvent> schedules() {
    return functions.values().stream().flatMap(f -> f.schedules().stream()).toList();
  }

  public Map<String, TableDef> tables() {
    return Collections.unmodifiableMap(tables);
  }

  public Map<String, BucketDef> buckets() {
    return Collections.unmodifiableMap(buckets);
  }

  public Map<String, StateMachineDef> stateMachines() {
    return Collections.unmodifiableMap(stateMachines);
  }

  /** Outputs whose condition holds, each resolved or with the reason it is not. */
  public Map<String, OutputDef> outputs() {
    return Collections.unmodifiableMap(outputs);
  }

  /** The value of {@code !Ref name}: a parameter, a pseudo parameter, a resource or a SAM {@code Fn.Alias}. */
  public synchronized String ref(String name) {
    Object v = resolver.resolve(new Intrinsic("Ref", name), "Ref " + name);
    if (!(v instanceof String s)) {
      throw new TemplateException("Ref " + name + ": not a string: " + v);
    }
    return s;
  }

  /** The value of {@code !GetAtt logicalId.attribute}. */
  public synchronized String getAtt(String logicalId, String attribute) {
    return String.valueOf(resolver.resolve(new Intrinsic("Fn::GetAtt", List.of(logicalId, attribute)),
        "GetAtt " + logicalId + "." + attribute));
  }

  /** Resolves any part of the template (e.g. a generic resource's properties); see {@link IntrinsicResolver#resolve}. */
  public synchronized Object resolve(Object node, String where) {
    return resolver.resolve(node, where);
  }

  // ------------------------------------------------------------------ functions

  /**
   * A function's setting as deployed: its own property, else Globals.Function's, resolved (parameters,
   * conditions, intrinsics); empty when neither sets it. For settings the local runtime does not act on
   * (SnapStart, AutoPublishAlias), so tests can see what a deployment gets.
   */
  public synchronized Optional<Object> functionSetting(String logicalId, String key) {
    TemplateResource r = resources().get(logicalId);
    if (r == null || !r.isFunction()) {
      throw new IllegalArgumentException("no function " + logicalId);
    }
    Located p = functionProperty(r, key);
    return p.value() == null ? Optional.empty() : Optional.ofNullable(resolver.resolve(p.value(), p.where()));
  }

  /** A property of a function with Globals.Function as fallback, with where it came from. */
  private record Located(Object value, String where) {}

  private Located functionProperty(TemplateResource r, String key) {
    if (r.properties().containsKey(key)) {
      return new Located(r.properties().get(key), r.propertiesPath() + "." + key);
    }
    return new Located(resolver.globals("Function").get(key), "Globals.Function." + key);
  }

  private Optional<String> functionString(TemplateResource r, String key) {
    Located p = functionProperty(r, key);
    return p.value() == null ? Optional.empty() : resolver.resolveString(p.value(), p.where());
  }

  private int functionInt(TemplateResource r, String key, int fallback) {
    Located p = functionProperty(r, key);
    Optional<String> text = p.value() == null ? Optional.empty() : resolver.resolveString(p.value(), p.where());
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.get().trim());
    } catch (NumberFormatException e) {
      throw new TemplateException(p.where() + " (of " + r.logicalId() + "): '" + text.get() + "' is not an integer");
    }
  }

  private FunctionDef readFunction(TemplateResource r, Set<String> apis) {
    String id = r.logicalId();
    String handler = functionString(r, "Handler").orElseThrow(() ->
        new TemplateException(r.propertiesPath() + ".Handler: missing (neither on the function nor in Globals.Function)"));
    int sep = handler.indexOf("::");
    String handlerClass = sep < 0 ? handler : handler.substring(0, sep);
    String handlerMethod = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
    if (handlerClass.isBlank() || handlerMethod.isBlank()) {
      throw new TemplateException(r.propertiesPath() + ".Handler: '" + handler + "' is not Class::method");
    }

    Located codeUri = functionProperty(r, "CodeUri");
    if (codeUri.value() == null) {
      throw new TemplateException(r.propertiesPath() + ".CodeUri: missing (neither on the function nor in Globals.Function)");
    }
    Object codeValue = resolver.resolve(codeUri.value(), codeUri.where());
    if (!(codeValue instanceof String code) || code.startsWith("s3://")) {
      throw new TemplateException(codeUri.where() + " (of " + id + "): only a local path is supported locally, got "
          + Intrinsic.render(codeValue));
    }

    String runtime = functionString(r, "Runtime").orElse(null);
    int memory = functionInt(r, "MemorySize", 128);
    int timeout = functionInt(r, "Timeout", 3);
    Map<String, String> environment = environment(r);

    List<HttpRoute> routes = new ArrayList<>();
    List<S3Trigger> triggers = new ArrayList<>();
    List<ScheduleEvent> schedules = new ArrayList<>();
    Object events = r.properties().get("Events");
    if (events != null) {
      String eventsWhere = r.propertiesPath() + ".Events";
      IntrinsicResolver.mapAt(events, eventsWhere).forEach((name, body) -> {
        String where = eventsWhere + "." + name;
        Map<String, Object> event = IntrinsicResolver.mapAt(body, where);
        String type = event.get("Type") instanceof String t ? t : null;
        if (type == null) {
          throw new TemplateException(where + ".Type: missing or not a string");
        }
        Object p = event.get("Properties");
        Map<String, Object> props = p == null ? Map.of() : IntrinsicResolver.mapAt(p, where + ".Properties");
        switch (type) {
          case "HttpApi":
            routes.add(httpRoute(id, props, where + ".Properties", apis));
            break;
          case "S3":
            triggers.add(s3Trigger(id, name, props, where + ".Properties"));
            break;
          case "Schedule":
            ScheduleEvent.rate(props.get("Schedule") instanceof String e ? e : null)
                .ifPresent(every -> schedules.add(new ScheduleEvent(id, name, every)));
            break; // a cron expression is not run locally
          case "Api":
            throw new TemplateException(where + ": events of Type Api (REST API) are not supported locally; use Type HttpApi");
          case "EventBridgeRule":
          case "CloudWatchEvent":
            if (isS3EventBridgePattern(props.get("Pattern"), where + ".Properties.Pattern")) {
              throw new TemplateException(where + ": S3 notifications through EventBridge (Type " + type
                  + " with source aws.s3) are not supported locally; use an event of Type S3 "
                  + "({Bucket: !Ref <bucket>, Events: s3:ObjectCreated:*, Filter: {S3Key: {Rules: [{Name: prefix, Value: ...}]}}})");
            }
            break;
          default:
            break; // Schedule, SQS, ...: not run by the local runtime
        }
      });
    }
    return new FunctionDef(id, handlerClass, handlerMethod, templateDir.resolve(code).normalize(), runtime, memory,
        timeout, environment, routes, triggers, schedules);
  }

  /** Globals.Function.Environment.Variables overlaid with the function's (SAM merges maps; an intrinsic replaces). */
  private Map<String, String> environment(TemplateResource r) {
    Map<String, String> env = new LinkedHashMap<>();
    Object local = variables(r.properties().get("Environment"), r.propertiesPath() + ".Environment");
    boolean localReplaces = r.properties().get("Environment") instanceof Intrinsic
        || (r.properties().get("Environment") instanceof Map<?, ?> m && m.get("Variables") instanceof Intrinsic);
    if (!localReplaces) {
      addVariables(env, variables(resolver.globals("Function").get("Environment"), "Globals.Function.Environment"),
          "Globals.Function.Environment.Variables", r.logicalId());
    }
    addVariables(env, local, r.propertiesPath() + ".Environment.Variables", r.logicalId());
    return env;
  }

  private Object variables(Object environment, String where) {
    Object env = environment instanceof Intrinsic ? resolver.resolve(environment, where) : environment;
    if (env == null || env == IntrinsicResolver.NO_VALUE) {
      return null;
    }
    Object vars = IntrinsicResolver.mapAt(env, where).get("Variables");
    return vars instanceof Intrinsic ? resolver.resolve(vars, where + ".Variables") : vars;
  }

  private void addVariables(Map<String, String> env, Object variables, String where, String functionId) {
    if (variables == null || variables == IntrinsicResolver.NO_VALUE) {
      return;
    }
    IntrinsicResolver.mapAt(variables, where).forEach((key, node) -> {
      String at = where + "." + key;
      Object v = resolver.resolve(node, at);
      if (v == IntrinsicResolver.NO_VALUE) {
        env.remove(key);
      } else if (v instanceof List || v instanceof Map) {
        throw new TemplateException(at + " (of " + functionId + "): an environment value must be a string, got "
            + Intrinsic.render(v));
      } else {
        env.put(key, v == null ? "" : IntrinsicResolver.text(v));
      }
    });
  }

  private HttpRoute httpRoute(String functionId, Map<String, Object> props, String where, Set<String> apis) {
    Object apiId = props.get("ApiId");
    if (apiId == null) {
      apis.add("ServerlessHttpApi (implicit)");
    } else if (apiId instanceof Intrinsic i && "Ref".equals(i.function()) && i.stringArgument() != null
        && resolver.resources().containsKey(i.stringArgument())
        && "AWS::Serverless::HttpApi".equals(resolver.resources().get(i.stringArgument()).type())) {
      apis.add(i.stringArgument());
    } else {
      throw new TemplateException(where + ".ApiId: must be !Ref of an AWS::Serverless::HttpApi of this template, got "
          + Intrinsic.render(apiId));
    }
    Object version = props.get("PayloadFormatVersion");
    if (version != null) {
      String v = resolver.resolveString(version, where + ".PayloadFormatVersion").orElse("2.0");
      if (!v.equals("2.0")) {
        throw new TemplateException(where + ".PayloadFormatVersion: only 2.0 is supported locally, got " + v);
      }
    }
    Optional<String> method = props.containsKey("Method")
        ? resolver.resolveString(props.get("Method"), where + ".Method") : Optional.empty();
    Optional<String> path = props.containsKey("Path")
        ? resolver.resolveString(props.get("Path"), where + ".Path") : Optional.empty();
    if (method.isEmpty() && path.isEmpty()) {
      return new HttpRoute("ANY", HttpRoute.DEFAULT_PATH, functionId);
    }
    if (method.isEmpty() || path.isEmpty()) {
      throw new TemplateException(where + ": give both Method and Path, or neither (the $default route)");
    }
    String m = method.get().toUpperCase(Locale.ROOT);
    return new HttpRoute(m, path.get(), functionId);
  }

  private S3Trigger s3Trigger(String functionId, String eventName, Map<String, Object> props, String where) {
    Object bucket = props.get("Bucket");
    if (!(bucket instanceof Intrinsic i && "Ref".equals(i.function()) && i.stringArgument() != null)) {
      throw new TemplateException(where + ".Bucket: must be !Ref of an AWS::S3::Bucket of this template, got "
          + Intrinsic.render(bucket));
    }
    TemplateResource b = resolver.resources().get(i.stringArgument());
    if (b == null || !"AWS::S3::Bucket".equals(b.type())) {
      throw new TemplateException(where + ".Bucket: " + i + ": no AWS::S3::Bucket named '" + i.stringArgument()
          + "' in this template");
    }
    String bucketName = (String) resolver.resolve(bucket, where + ".Bucket");
    Object ev = resolver.resolve(props.get("Events"), where + ".Events");
    List<String> events = new ArrayList<>();
    if (ev instanceof String s) {
      events.add(s);
    } else if (ev instanceof List<?> l && !l.isEmpty()) {
      l.forEach(e -> events.add(IntrinsicResolver.text(e)));
    } else {
      throw new TemplateException(where + ".Events: missing (an S3 event type or a list of them, e.g. s3:ObjectCreated:*)");
    }
    String prefix = null;
    String suffix = null;
    Object filter = props.get("Filter");
    if (filter != null) {
      Map<String, Object> f = IntrinsicResolver.mapAt(resolver.resolve(filter, where + ".Filter"), where + ".Filter");
      Object key = f.get("S3Key");
      Object rules = key == null ? null : IntrinsicResolver.mapAt(key, where + ".Filter.S3Key").get("Rules");
      if (rules instanceof List<?> list) {
        for (int n = 0; n < list.size(); n++) {
          String at = where + ".Filter.S3Key.Rules[" + n + "]";
          Map<String, Object> rule = IntrinsicResolver.mapAt(list.get(n), at);
          String ruleName = String.valueOf(rule.get("Name")).toLowerCase(Locale.ROOT);
          Object value = rule.get("Value");
          if (value == null || value instanceof List || value instanceof Map) {
            throw new TemplateException(at + ".Value: missing or not a string");
          }
          switch (ruleName) {
            case "prefix":
              prefix = IntrinsicResolver.text(value);
              break;
            case "suffix":
              suffix = IntrinsicResolver.text(value);
              break;
            default:
              throw new TemplateException(at + ".Name: '" + rule.get("Name") + "' is neither prefix nor suffix");
          }
        }
      } else if (rules != null) {
        throw new TemplateException(where + ".Filter.S3Key.Rules: must be a list of {Name, Value}");
      }
    }
    return new S3Trigger(functionId, eventName, b.logicalId(), bucketName, events, prefix, suffix);
  }

  private static boolean isS3EventBridgePattern(Object pattern, String where) {
    if (!(pattern instanceof Map<?, ?> p)) {
      return false;
    }
    Object source = p.get("source");
    return "aws.s3".equals(source) || (source instanceof List<?> l && l.contains("aws.s3"));
  }

  // ------------------------------------------------------------------ API, tables, state machines, outputs

  private CorsDef readCors(String routedApi) {
    String apiId = routedApi;
    if (apiId == null) {
      List<String> declared = resolver.resources().values().stream()
          .filter(r -> r.created() && "AWS::Serverless::HttpApi".equals(r.type()))
          .map(TemplateResource::logicalId).toList();
      if (declared.size() != 1) {
        return null;
      }
      apiId = declared.get(0);
    }
    TemplateResource api = resolver.resources().get(apiId); // null for the implicit ServerlessHttpApi
    Object raw;
    String where;
    if (api != null && api.properties().containsKey("CorsConfiguration")) {
      raw = api.properties().get("CorsConfiguration");
      where = api.propertiesPath() + ".CorsConfiguration";
    } else {
      raw = resolver.globals("HttpApi").get("CorsConfiguration");
      where = "Globals.HttpApi.CorsConfiguration";
    }
    if (raw == null) {
      return null;
    }
    Object v = resolver.resolve(raw, where);
    if (v instanceof Boolean b) {
      return b ? new CorsDef(List.of("*"), List.of("*"), List.of("*"), null, List.of(), false) : null;
    }
    if (v == IntrinsicResolver.NO_VALUE) {
      return null;
    }
    Map<String, Object> c = IntrinsicResolver.mapAt(v, where);
    Object maxAge = c.get("MaxAge");
    Integer age = null;
    if (maxAge != null) {
      try {
        age = Integer.parseInt(IntrinsicResolver.text(maxAge));
      } catch (NumberFormatException e) {
        throw new TemplateException(where + ".MaxAge: '" + maxAge + "' is not an integer");
      }
    }
    Object credentials = c.get("AllowCredentials");
    return new CorsDef(strings(c.get("AllowOrigins"), where + ".AllowOrigins"),
        strings(c.get("AllowHeaders"), where + ".AllowHeaders"),
        strings(c.get("AllowMethods"), where + ".AllowMethods"),
        age,
        strings(c.get("ExposeHeaders"), where + ".ExposeHeaders"),
        credentials != null && Boolean.parseBoolean(IntrinsicResolver.text(credentials)));
  }

  /** A bucket's {@code CorsConfiguration.CorsRules}; S3 requires AllowedOrigins and AllowedMethods in each. */
  private List<BucketCorsRule> readBucketCors(TemplateResource bucket) {
    Object raw = bucket.properties().get("CorsConfiguration");
    String where = bucket.propertiesPath() + ".CorsConfiguration";
    if (raw == null) {
      return List.of();
    }
    Object v = resolver.resolve(raw, where);
    if (v == IntrinsicResolver.NO_VALUE) {
      return List.of();
    }
    Object rules = IntrinsicResolver.mapAt(v, where).get("CorsRules");
    if (!(rules instanceof List<?> list)) {
      throw new TemplateException(where + ".CorsRules: expected a list of rules");
    }
    List<BucketCorsRule> out = new ArrayList<>();
    for (int n = 0; n < list.size(); n++) {
      String at = where + ".CorsRules[" + n + "]";
      Map<String, Object> rule = IntrinsicResolver.mapAt(list.get(n), at);
      List<String> origins = strings(rule.get("AllowedOrigins"), at + ".AllowedOrigins");
      List<String> methods = strings(rule.get("AllowedMethods"), at + ".AllowedMethods");
      if (origins.isEmpty() || methods.isEmpty()) {
        throw new TemplateException(at + ": AllowedOrigins and AllowedMethods are required");
      }
      Integer maxAge = null;
      if (rule.get("MaxAge") != null) {
        try {
          maxAge = Integer.parseInt(IntrinsicResolver.text(rule.get("MaxAge")));
        } catch (NumberFormatException e) {
          throw new TemplateException(at + ".MaxAge: '" + rule.get("MaxAge") + "' is not an integer");
        }
      }
      out.add(new BucketCorsRule(origins, methods.stream().map(String::toUpperCase).toList(),
          strings(rule.get("AllowedHeaders"), at + ".AllowedHeaders"),
          strings(rule.get("ExposedHeaders"), at + ".ExposedHeaders"), maxAge));
    }
    return out;
  }

  private static List<String> strings(Object v, String where) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (o == null || o instanceof List || o instanceof Map) {
          throw new TemplateException(where + ": expected a list of strings");
        }
        out.add(IntrinsicResolver.text(o));
      }
      return out;
    }
    if (v instanceof Map) {
      throw new TemplateException(where + ": expected a list of strings");
    }
    return List.of(IntrinsicResolver.text(v));
  }

  private Object tableProperty(TemplateResource r, String key) {
    Object raw = r.properties().get(key);
    return raw == null ? null : resolver.resolve(raw, r.propertiesPath() + "." + key);
  }

  private TableDef readTable(TemplateResource r) {
    String where = r.propertiesPath();
    if (tableProperty(r, "LocalSecondaryIndexes") instanceof List<?> lsi && !lsi.isEmpty()) {
      throw new TemplateException(where + ".LocalSecondaryIndexes: not supported by the local template reader");
    }
    Map<String, String> types = new LinkedHashMap<>();
    Object defs = tableProperty(r, "AttributeDefinitions");
    if (defs instanceof List<?> list) {
      for (int n = 0; n < list.size(); n++) {
        Map<String, Object> d = IntrinsicResolver.mapAt(list.get(n), where + ".AttributeDefinitions[" + n + "]");
        types.put(String.valueOf(d.get("AttributeName")), String.valueOf(d.get("AttributeType")));
      }
    }
    String[] keys = keySchema(tableProperty(r, "KeySchema"), where + ".KeySchema", types);
    List<IndexDef> indexes = new ArrayList<>();
    if (tableProperty(r, "GlobalSecondaryIndexes") instanceof List<?> gsis) {
      for (int n = 0; n < gsis.size(); n++) {
        String at = where + ".GlobalSecondaryIndexes[" + n + "]";
        Map<String, Object> g = IntrinsicResolver.mapAt(gsis.get(n), at);
        String[] k = keySchema(g.get("KeySchema"), at + ".KeySchema", types);
        Object projection = g.get("Projection");
        if (projection == null) {
          throw new TemplateException(at + ".Projection: missing");
        }
        Object type = IntrinsicResolver.mapAt(projection, at + ".Projection").get("ProjectionType");
        String projectionType = type == null ? "INCLUDE" : IntrinsicResolver.text(type);
        if (!projectionType.equals("ALL") && !projectionType.equals("KEYS_ONLY")) {
          throw new TemplateException(at + ".Projection: ProjectionType " + projectionType
              + " is not supported by the local template reader (ALL or KEYS_ONLY)");
        }
        indexes.add(new IndexDef(String.valueOf(g.get("IndexName")), k[0], k[1], projectionType));
      }
    }
    String ttl = null;
    if (tableProperty(r, "TimeToLiveSpecification") instanceof Map<?, ?> t
        && t.get("Enabled") != null && Boolean.parseBoolean(IntrinsicResolver.text(t.get("Enabled")))) {
      ttl = String.valueOf(t.get("AttributeName"));
    }
    Object billing = tableProperty(r, "BillingMode");
    String billingMode = billing == null || billing == IntrinsicResolver.NO_VALUE ? "PROVISIONED" : IntrinsicResolver.text(billing);
    return new TableDef(r.logicalId(), ref(r.logicalId()), keys[0], keys[1], types, indexes, ttl, billingMode);
  }

  /** [hash, range or null], each checked against AttributeDefinitions. */
  private static String[] keySchema(Object schema, String where, Map<String, String> types) {
    if (!(schema instanceof List<?> list) || list.isEmpty() || list.size() > 2) {
      throw new TemplateException(where + ": expected one HASH and at most one RANGE key");
    }
    String hash = null;
    String range = null;
    for (int n = 0; n < list.size(); n++) {
      Map<String, Object> k = IntrinsicResolver.mapAt(list.get(n), where + "[" + n + "]");
      String name = String.valueOf(k.get("AttributeName"));
      String keyType = String.valueOf(k.get("KeyType"));
      if (!types.containsKey(name)) {
        throw new TemplateException(where + "[" + n + "]: key attribute '" + name + "' is not in AttributeDefinitions");
      }
      if (keyType.equals("HASH") && hash == null) {
        hash = name;
      } else if (keyType.equals("RANGE") && range == null) {
        range = name;
      } else {
        throw new TemplateException(where + "[" + n + "]: unexpected KeyType " + keyType);
      }
    }
    if (hash == null) {
      throw new TemplateException(where + ": no HASH key");
    }
    return new String[] {hash, range};
  }

  private TableDef readSimpleTable(TemplateResource r) {
    String name = "id";
    String type = "S";
    Object pk = tableProperty(r, "PrimaryKey");
    if (pk != null) {
      Map<String, Object> k = IntrinsicResolver.mapAt(pk, r.propertiesPath() + ".PrimaryKey");
      if (k.get("Name") != null) {
        name = IntrinsicResolver.text(k.get("Name"));
      }
      if (k.get("Type") != null) {
        String t = IntrinsicResolver.text(k.get("Type"));
        type = switch (t) {
          case "String" -> "S";
          case "Number" -> "N";
          case "Binary" -> "B";
          default -> throw new TemplateException(r.propertiesPath() + ".PrimaryKey.Type: " + t
              + " is not String, Number or Binary");
        };
      }
    }
    String billing = tableProperty(r, "ProvisionedThroughput") == null ? "PAY_PER_REQUEST" : "PROVISIONED";
    return new TableDef(r.logicalId(), ref(r.logicalId()), name, null, Map.of(name, type), List.of(), null, billing);
  }

  private StateMachineDef readStateMachine(TemplateResource r) {
    String where = r.propertiesPath();
    Object uri = r.properties().get("DefinitionUri");
    if (uri == null) {
      throw new TemplateException(where + ": only a DefinitionUri to a local file is supported locally"
          + (r.properties().containsKey("Definition") ? " (not an inline Definition)" : ""));
    }
    Object file = resolver.resolve(uri, where + ".DefinitionUri");
    if (!(file instanceof String path) || path.startsWith("s3://")) {
      throw new TemplateException(where + ".DefinitionUri: only a local path is supported locally, got "
          + Intrinsic.render(file));
    }
    Map<String, String> substitutions = new LinkedHashMap<>();
    Object subs = r.properties().get("DefinitionSubstitutions");
    if (subs != null) {
      String at = where + ".DefinitionSubstitutions";
      Object resolvedSubs = subs instanceof Intrinsic ? resolver.resolve(subs, at) : subs;
      IntrinsicResolver.mapAt(resolvedSubs, at).forEach((k, v) ->
          resolver.resolveString(v, at + "." + k).ifPresent(s -> substitutions.put(k, s)));
    }
    Object type = r.properties().get("Type");
    String t = type == null ? "STANDARD" : resolver.resolveString(type, where + ".Type").orElse("STANDARD");
    return new StateMachineDef(r.logicalId(), templateDir.resolve(path).normalize(), substitutions, t);
  }

  private void readOutputs(Map<String, Object> tree) {
    Object section = tree.get("Outputs");
    if (section == null) {
      return;
    }
    IntrinsicResolver.mapAt(section, "Outputs").forEach((name, body) -> {
      String where = "Outputs." + name;
      Map<String, Object> o = IntrinsicResolver.mapAt(body, where);
      if (o.get("Condition") instanceof String c && !resolver.condition(c, where + ".Condition")) {
        return;
      }
      String description = null;
      try {
        description = o.get("Description") == null ? null
            : resolver.resolveString(o.get("Description"), where + ".Description").orElse(null);
      } catch (TemplateException e) {
        description = null;
      }
      try {
        String value = resolver.resolveString(o.get("Value"), where + ".Value")
            .orElseThrow(() -> new TemplateException(where + ".Value: missing"));
        outputs.put(name, new OutputDef(name, description, value, null));
      } catch (TemplateException e) {
        outputs.put(name, new OutputDef(name, description, null, e.getMessage()));
      }
    });
  }
}
