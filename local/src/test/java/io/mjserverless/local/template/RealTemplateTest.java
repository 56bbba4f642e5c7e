package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The project's own template.yaml, read as the local runtime reads it. */
class RealTemplateTest {
  static final Path TEMPLATE = Path.of("../template.yaml");
  static final Path ROOT = TEMPLATE.toAbsolutePath().normalize().getParent();
  static SamTemplate template;

  @BeforeAll
  static void load() {
    template = SamTemplate.load(TEMPLATE, Map.of(), "us-east-1", "mj-local");
  }

  @Test
  void functionsWithHandlers() {
    Map<String, String> handlers = template.functions().values().stream()
        .collect(Collectors.toMap(FunctionDef::logicalId, FunctionDef::handler));
    assertEquals(Map.ofEntries(
        Map.entry("UploadsFunction", "io.mjserverless.uploads.UploadsFunction::handleRequest"),
        Map.entry("SubmitFunction", "io.mjserverless.api.SubmitFunction::handleRequest"),
        Map.entry("ActionFunction", "io.mjserverless.api.ActionFunction::handleRequest"),
        Map.entry("TaskFunction", "io.mjserverless.api.TaskFunction::handleRequest"),
        Map.entry("AdminFunction", "io.mjserverless.api.AdminFunction::handleRequest"),
        Map.entry("DispatchFunction", "io.mjserverless.workflow.DispatchFunction::handleRequest"),
        Map.entry("PollFunction", "io.mjserverless.workflow.PollFunction::handleRequest"),
        Map.entry("StoreResultFunction", "io.mjserverless.workflow.StoreResultFunction::handleRequest"),
        Map.entry("RecordFailureFunction", "io.mjserverless.workflow.RecordFailureFunction::handleRequest"),
        Map.entry("SweepFunction", "io.mjserverless.workflow.SweepFunction::handleRequest"),
        Map.entry("AwaitJobFunction", "io.mjserverless.workflow.AwaitJobFunction::handleRequest"),
        Map.entry("ProviderHookFunction", "io.mjserverless.workflow.ProviderHookFunction::handleRequest"),
        Map.entry("NotifyFunction", "io.mjserverless.workflow.NotifyFunction::handleRequest")), handlers);
    FunctionDef submit = template.functions().get("SubmitFunction");
    assertEquals("io.mjserverless.api.SubmitFunction", submit.handlerClass());
    assertEquals("handleRequest", submit.handlerMethod());
  }

  @Test
  void globalsAppliedUnderFunctionSettings() {
    FunctionDef submit = template.functions().get("SubmitFunction");
    assertEquals("java21", submit.runtime());
    assertEquals(1024, submit.memorySize());
    assertEquals(29, submit.timeoutSeconds());
    assertEquals(ROOT.resolve("functions/bundle/target/mj-functions.jar"), submit.codeUri());

    FunctionDef poll = template.functions().get("PollFunction");
    assertEquals(1536, poll.memorySize());
    assertEquals(420, poll.timeoutSeconds());
    assertEquals(ROOT.resolve("functions/bundle/target/mj-functions.jar"), poll.codeUri());
    assertEquals(2048, template.functions().get("StoreResultFunction").memorySize());
    // Dispatch renders the simulator's previews (the workflow waits once instead of polling): Poll's memory.
    assertEquals(1536, template.functions().get("DispatchFunction").memorySize());
    assertEquals(300, template.functions().get("StoreResultFunction").timeoutSeconds());
  }

  @Test
  void environmentMergesGlobalsWithTheFunctions() {
    Map<String, String> env = template.functions().get("SubmitFunction").environment();
    assertEquals(template.tables().get("TasksTable").tableName(), env.get("TASKS_TABLE"));
    assertEquals("mj-local-tasks-table", env.get("TASKS_TABLE"));
    assertEquals("mj-local-keys-table", env.get("KEYS_TABLE"));
    assertEquals("mj-local-idempotency-table", env.get("IDEMPOTENCY_TABLE"));
    assertEquals(template.buckets().get("ImagesBucket").bucketName(), env.get("IMAGES_BUCKET"));
    assertEquals("FAST", env.get("DEFAULT_MODE"));
    assertEquals("8388608", env.get("MAX_IMAGE_BYTES"));
    assertEquals("1", env.get("SIMULATOR_TIME_SCALE"));
    assertEquals("", env.get("ADMIN_API_KEY"));
    assertEquals("simulator", env.get("TURBO_ENGINE"));
    assertEquals(template.ref("TaskStateMachine"), env.get("STATE_MACHINE_ARN"));
    assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:TaskStateMachine", env.get("STATE_MACHINE_ARN"));
    assertEquals(69 + 2
        // ---- discord engine (issue 12, branch discord-engine): DISCORD_API_URL, _SUBMIT_GAP_MILLIS, _START_TIMEOUT_SECONDS ----
        + 3, env.size(), "19 + METRICS_NAMESPACE + 3 x 6 mjproxy + 3 x 10 openai settings from Globals + STATE_MACHINE_ARN"
        + " + 2 Discord accounts (ACCOUNTS_TABLE, ACCOUNT_TOKEN_KEY_ID) + 3 discord engine: " + env.keySet());

    Map<String, String> taskEnv = template.functions().get("TaskFunction").environment();
    assertFalse(taskEnv.containsKey("STATE_MACHINE_ARN"));
    assertEquals("mj-local-tasks-table", taskEnv.get("TASKS_TABLE"));
    assertEquals(template.functions().get("DispatchFunction").environment().get("POLL_MAX_SECONDS"), "30");
  }

  @Test
  void parameterOverridesReachTheEnvironment() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("DefaultMode", "TURBO", "MaxImageBytes", "1024"),
        "eu-west-1", "other");
    Map<String, String> env = t.functions().get("ActionFunction").environment();
    assertEquals("TURBO", env.get("DEFAULT_MODE"));
    assertEquals("1024", env.get("MAX_IMAGE_BYTES"));
    assertEquals("other-tasks-table", env.get("TASKS_TABLE"));
    assertEquals("arn:aws:states:eu-west-1:000000000000:stateMachine:TaskStateMachine", env.get("STATE_MACHINE_ARN"));
    assertEquals("TURBO", t.parameters().get("DefaultMode"));
  }

  @Test
  void badOverridesAreRejected() {
    TemplateException notAllowed = assertThrows(TemplateException.class,
        () -> SamTemplate.load(TEMPLATE, Map.of("DefaultMode", "SLOW"), "us-east-1", "mj-local"));
    assertTrue(notAllowed.getMessage().contains("Parameters.DefaultMode"), notAllowed.getMessage());
    assertTrue(notAllowed.getMessage().contains("AllowedValues"), notAllowed.getMessage());
    TemplateException unknown = assertThrows(TemplateException.class,
        () -> SamTemplate.load(TEMPLATE, Map.of("DefaultMood", "FAST"), "us-east-1", "mj-local"));
    assertTrue(unknown.getMessage().contains("DefaultMood"), unknown.getMessage());
    TemplateException notNumber = assertThrows(TemplateException.class,
        () -> SamTemplate.load(TEMPLATE, Map.of("PollMinSeconds", "two"), "us-east-1", "mj-local"));
    assertTrue(notNumber.getMessage().contains("not a number"), notNumber.getMessage());
  }

  @Test
  void uploadsFunctionIsTriggeredByObjectsUnderUploads() {
    S3Trigger trigger = template.s3Triggers().get(0);
    assertEquals("UploadsFunction", trigger.functionLogicalId());
    assertEquals("mj-images-000000000000-us-east-1", trigger.bucketName());
    assertEquals("uploads/", trigger.prefix());
    assertTrue(trigger.matches("ObjectCreated:Put", "uploads/acme/describe/1/0.png"));
    assertEquals(trigger.bucketName(), template.functions().get("UploadsFunction").environment().get("IMAGES_BUCKET"));
  }

  @Test
  void routes() {
    List<HttpRoute> routes = template.httpRoutes();
    assertEquals(14 + 8 + (13 + 2) + (6 + 16) + 1, routes.size()); // + /mj/task/queue, + 8 Discord account routes
    assertTrue(routes.contains(new HttpRoute("POST", "/mj/hooks/provider/{taskId}/{secret}", "ProviderHookFunction")));
    assertTrue(routes.contains(new HttpRoute("POST", "/mj/submit/imagine", "SubmitFunction")));
    assertTrue(routes.contains(new HttpRoute("GET", "/{mode}/mj/task/{id}/fetch", "TaskFunction")));
    assertTrue(routes.contains(new HttpRoute("DELETE", "/mj/admin/api-keys/{id}", "AdminFunction")));
    assertTrue(routes.contains(new HttpRoute("ANY", "$default", "TaskFunction")));
    assertTrue(routes.contains(new HttpRoute("POST", "/mj/submit/upload-url", "SubmitFunction")));
    assertEquals(List.of(new HttpRoute("ANY", "$default", "TaskFunction")),
        routes.stream().filter(HttpRoute::isDefault).toList());
    assertEquals(14, template.functions().get("SubmitFunction").httpRoutes().size());
    assertTrue(template.functions().get("DispatchFunction").httpRoutes().isEmpty());
  }

  @ParameterizedTest
  @CsvSource({
      "POST, /mj/submit/imagine, SubmitFunction, POST /mj/submit/imagine, ''",
      "post, /mj-turbo/mj/submit/imagine, SubmitFunction, POST /{mode}/mj/submit/imagine, mode=mj-turbo",
      "GET, /mj-relax/mj/task/123/fetch, TaskFunction, GET /{mode}/mj/task/{id}/fetch, mode=mj-relax;id=123",
      "GET, /mj/task/123/fetch?x=1, TaskFunction, GET /mj/task/{id}/fetch, id=123",
      "GET, /mj/task/a%20b/fetch, TaskFunction, GET /mj/task/{id}/fetch, id=a b",
      "GET, /mj/task/list, TaskFunction, GET /mj/task/list, ''",
      "POST, /mj/submit/simple-change, ActionFunction, POST /mj/submit/simple-change, ''",
      "DELETE, /mj-fast/mj/admin/api-keys/k1, AdminFunction, DELETE /{mode}/mj/admin/api-keys/{id}, mode=mj-fast;id=k1",
      "GET, /nothing/here, TaskFunction, $default, ''",
      "GET, /, TaskFunction, $default, ''",
      // a path of a GET route requested with POST: API Gateway has no 405, it goes to $default
      "POST, /mj/task/123/fetch, TaskFunction, $default, ''",
      "GET, /mj/submit/imagine, TaskFunction, $default, ''",
      "GET, /mj/task//fetch, TaskFunction, $default, ''",
  })
  void matching(String method, String path, String function, String routeKey, String params) {
    RouteMatch m = template.match(method, path).orElseThrow();
    assertEquals(function, m.functionLogicalId());
    assertEquals(routeKey, m.routeKey());
    Map<String, String> expected = params.isEmpty() ? Map.of() : java.util.Arrays.stream(params.split(";"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    assertEquals(expected, m.pathParameters());
  }

  @Test
  void cors() {
    CorsDef cors = template.cors().orElseThrow();
    assertEquals(List.of("*"), cors.allowOrigins());
    assertEquals(List.of("Authorization", "Content-Type", "mj-api-secret", "Idempotency-Key"), cors.allowHeaders());
    assertEquals(List.of("GET", "POST", "DELETE", "OPTIONS"), cors.allowMethods());
    assertEquals(86400, cors.maxAge());
    assertFalse(cors.allowCredentials());
  }

  @Test
  void tables() {
    assertEquals(Set.of("TasksTable", "KeysTable", "IdempotencyTable", "AccountsTable"), template.tables().keySet());
    TableDef accounts = template.tables().get("AccountsTable"); // Discord accounts (issue 12)
    assertEquals("mj-local-accounts-table", accounts.tableName());
    assertEquals("id", accounts.hashKey());
    assertNull(accounts.rangeKey());
    assertEquals("mj-local-accounts-table", template.functions().get("PollFunction").environment().get("ACCOUNTS_TABLE"));
    assertEquals(template.ref("AccountTokenKey"),
        template.functions().get("AdminFunction").environment().get("ACCOUNT_TOKEN_KEY_ID"));
    TableDef tasks = template.tables().get("TasksTable");
    assertEquals("mj-local-tasks-table", tasks.tableName());
    assertEquals("id", tasks.hashKey());
    assertNull(tasks.rangeKey());
    assertEquals(Map.of("id", "S", "tenant", "S", "submitTime", "N", "status", "S", "updatedAt", "N",
        "unfinishedTenant", "S"),
        tasks.attributeTypes());
    assertEquals(List.of(new IndexDef("byTenant", "tenant", "submitTime", "ALL"),
        new IndexDef("byStatus", "status", "updatedAt", "KEYS_ONLY"),
        new IndexDef("unfinishedByTenant", "unfinishedTenant", "submitTime", "KEYS_ONLY")), tasks.globalIndexes());
    assertEquals("KEYS_ONLY", tasks.globalIndex("byStatus").orElseThrow().projectionType());
    assertNull(tasks.ttlAttribute());
    assertEquals("PAY_PER_REQUEST", tasks.billingMode());

    TableDef keys = template.tables().get("KeysTable");
    assertEquals("keyId", keys.hashKey());
    assertTrue(keys.globalIndexes().isEmpty());

    TableDef idempotency = template.tables().get("IdempotencyTable");
    assertEquals("scope", idempotency.hashKey());
    assertEquals("expiresAt", idempotency.ttlAttribute());
    assertEquals("mj-local-idempotency-table", idempotency.tableName());
  }

  @Test
  void bucket() {
    assertEquals(Map.of("ImagesBucket", new BucketDef("ImagesBucket", "mj-images-000000000000-us-east-1",
        List.of(new BucketCorsRule(List.of("*"), List.of("PUT", "GET", "HEAD"), List.of("*"), List.of(), 3600)))),
        template.buckets());
  }

  @Test
  void stateMachine() {
    StateMachineDef sm = template.stateMachines().get("TaskStateMachine");
    assertEquals("STANDARD", sm.type());
    assertEquals(ROOT.resolve("statemachine/task.asl.json"), sm.definitionFile());
    assertEquals(Map.of(
        "DispatchFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:DispatchFunction:live",
        "PollFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:PollFunction:live",
        "StoreResultFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:StoreResultFunction:live",
        "AwaitJobFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:AwaitJobFunction:live",
        "RecordFailureFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:RecordFailureFunction:live",
        "NotifyFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:NotifyFunction:live"),
        sm.substitutions());
    assertEquals(template.ref("DispatchFunction.Alias"), sm.substitutions().get("DispatchFunctionArn"));

    String text = sm.definitionText();
    assertFalse(text.contains("${"), "no placeholder left");
    JsonNode definition = Json.tree(text);
    assertEquals("Start", definition.get("StartAt").asText());
    assertEquals("Dispatch", definition.get("States").get("Start").get("Default").asText(), "a task's own execution runs it");
    String dispatchResource = definition.get("States").get("Dispatch").get("Resource").asText();
    assertEquals(sm.substitutions().get("DispatchFunctionArn"), dispatchResource);
    assertEquals("DispatchFunction", template.functionForArn(dispatchResource).orElseThrow().logicalId());
  }

  @Test
  void everyFunctionTakesSnapshotsOfPublishedVersionsUnlessTurnedOff() {
    SamTemplate off = SamTemplate.load(TEMPLATE, Map.of("SnapStartEnabled", "false"), "us-east-1", "mj-local");
    for (String fn : template.functions().keySet()) {
      assertEquals(java.util.Optional.of(Map.of("ApplyOn", "PublishedVersions")), template.functionSetting(fn, "SnapStart"), fn);
      assertEquals(java.util.Optional.of(Map.of("ApplyOn", "None")), off.functionSetting(fn, "SnapStart"), fn);
      // The alias is what SAM points a function's HttpApi, S3 and Schedule events at; without it they would
      // call $LATEST, which SnapStart never serves. It stays when SnapStart is off (it cannot be conditional).
      assertEquals(java.util.Optional.of("live"), template.functionSetting(fn, "AutoPublishAlias"), fn);
      assertEquals(java.util.Optional.of("live"), off.functionSetting(fn, "AutoPublishAlias"), fn);
    }
  }

  @Test
  void everyCallerInvokesTheAliasNeverTheUnqualifiedFunction() {
    StateMachineDef sm = template.stateMachines().get("TaskStateMachine");
    assertFalse(sm.substitutions().isEmpty());
    sm.substitutions().forEach((name, arn) -> {
      String fn = template.functionForArn(arn).orElseThrow(() -> new AssertionError(name + " names no function: " + arn)).logicalId();
      assertEquals(template.ref(fn + ".Alias"), arn, name + " must be the alias of " + fn);
      assertTrue(arn.endsWith(":" + fn + ":live"), arn);
    });
    // No resource may name a function's unqualified ARN (GetAtt Fn.Arn) or its bare name as something to invoke.
    List<String> unqualified = new java.util.ArrayList<>();
    template.resources().values().forEach(r -> collectUnqualified(r.logicalId(), r.properties(), unqualified));
    assertEquals(List.of(), unqualified);
    // The functions with events: SAM wires each of those events to the alias because AutoPublishAlias is set.
    for (String fn : List.of("SubmitFunction", "TaskFunction", "UploadsFunction", "SweepFunction", "ProviderHookFunction")) {
      assertTrue(template.resources().get(fn).properties().containsKey("Events"), fn);
      assertEquals(java.util.Optional.of("live"), template.functionSetting(fn, "AutoPublishAlias"), fn);
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectUnqualified(String where, Object node, List<String> found) {
    if (node instanceof Intrinsic i) {
      if (i.function().equals("Fn::GetAtt")) {
        String target = i.argument() instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(i.argument()).split("\\.")[0];
        String attribute = i.argument() instanceof List<?> l ? String.valueOf(l.get(1)) : String.valueOf(i.argument()).split("\\.", 2)[1];
        TemplateResource r = template.resources().get(target);
        if (r != null && r.isFunction() && attribute.equals("Arn")) {
          found.add(where + ": " + i);
        }
      }
      collectUnqualified(where, i.argument(), found);
    } else if (node instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).forEach((k, v) -> {
        // Invoke policies by function name are fine: SAM's LambdaInvokePolicy covers <name>* (aliases, versions).
        if (!(k.equals("LambdaInvokePolicy"))) {
          collectUnqualified(where + "." + k, v, found);
        }
      });
    } else if (node instanceof List<?> l) {
      for (int n = 0; n < l.size(); n++) {
        collectUnqualified(where + "[" + n + "]", l.get(n), found);
      }
    }
  }

  @Test
  void functionNamesAndArns() {
    assertEquals("SubmitFunction", template.ref("SubmitFunction"));
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:PollFunction", template.getAtt("PollFunction", "Arn"));
    assertEquals("TaskStateMachine", template.getAtt("TaskStateMachine", "Name"));
    assertEquals("PollFunction", template.functionForArn(template.getAtt("PollFunction", "Arn")).orElseThrow().logicalId());
    assertTrue(template.functionForArn("arn:aws:lambda:us-east-1:000000000000:function:Nope:live").isEmpty());
    assertTrue(template.functionForArn("arn:aws:states:us-east-1:000000000000:stateMachine:X").isEmpty());
  }

  @Test
  void outputs() {
    assertEquals("https://mj-http-api.execute-api.us-east-1.amazonaws.com", template.outputs().get("ApiUrl").value());
    assertEquals("mj-local-tasks-table", template.outputs().get("TasksTableName").value());
    assertEquals("mj-images-000000000000-us-east-1", template.outputs().get("ImagesBucketName").value());
    assertEquals(template.ref("TaskStateMachine"), template.outputs().get("TaskStateMachineArn").value());
    assertTrue(template.outputs().values().stream().allMatch(OutputDef::resolved));
    assertTrue(template.outputs().get("ApiUrl").description().startsWith("Base URL of the API"));
  }

  @Test
  void conditionsAndGenericResources() {
    assertEquals(false, template.conditions().get("UseAdminKeyParameter"));
    assertEquals(false, template.conditions().get("UseProviderKeyParameter"));
    assertFalse(template.resources().get("ProviderKeyReadPolicy").created());
    TemplateResource policy = template.resources().get("SsmAdminKeyReadPolicy");
    assertEquals("AWS::IAM::ManagedPolicy", policy.type());
    assertEquals("UseAdminKeyParameter", policy.condition());
    assertFalse(policy.created());
    assertEquals("AWS::Serverless::HttpApi", template.resources().get("MjHttpApi").type());
    // 21 of the stack itself + 21 of observability (13 function log groups, the state machine's, topic, 5 alarms,
    // dashboard) + AccountsTable, AccountTokenKey (Discord accounts)
    assertEquals(42 + 2, template.resources().size());
  }

  @Test
  void conditionalPolicyResolvesWhenItsConditionHolds() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("AdminApiKeyParameter", "/mj/admin-key"), "us-east-1", "mj-local");
    assertTrue(t.conditions().get("UseAdminKeyParameter"));
    TemplateResource policy = t.resources().get("SsmAdminKeyReadPolicy");
    assertTrue(policy.created());
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) t.resolve(policy.properties(), policy.propertiesPath());
    assertEquals(List.of("mj-local-SubmitFunctionRole", "mj-local-ActionFunctionRole", "mj-local-TaskFunctionRole",
        "mj-local-AdminFunctionRole", "mj-local-DispatchFunctionRole", "mj-local-PollFunctionRole",
        "mj-local-NotifyFunctionRole", "mj-local-AwaitJobFunctionRole", "mj-local-ProviderHookFunctionRole"), props.get("Roles"));
    @SuppressWarnings("unchecked")
    Map<String, Object> statement = ((List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument"))
        .get("Statement")).get(0);
    // A name with a leading slash is not doubled in the ARN (parameter/mj/admin-key, not parameter//mj/...).
    assertEquals("arn:aws:ssm:us-east-1:000000000000:parameter/mj/admin-key", statement.get("Resource"));
    assertEquals("/mj/admin-key", t.functions().get("TaskFunction").environment().get("ADMIN_API_KEY_PARAMETER"));

    SamTemplate flat = SamTemplate.load(TEMPLATE, Map.of("AdminApiKeyParameter", "mj-admin-key"), "us-east-1", "mj-local");
    assertEquals(List.of(Map.of("Effect", "Allow", "Action", "ssm:GetParameter",
        "Resource", "arn:aws:ssm:us-east-1:000000000000:parameter/mj-admin-key")), statements(flat, "SsmAdminKeyReadPolicy"));
  }

  // ------------------------------------------------------------------ upstream providers (mjproxy)

  static final List<String> MODES = List.of("Relax", "Fast", "Turbo");

  /** Each mode's provider setting: the variable suffix the engine reads and the template parameter suffix it comes from. */
  static final Map<String, String> PROVIDER_SETTINGS = Map.of(
      "_ENGINE", "Engine",
      "_MJPROXY_URL", "ProviderUrl",
      "_MJPROXY_KEY_PARAMETER", "ProviderKeyParameter",
      "_MJPROXY_AUTH", "ProviderAuth",
      "_MJPROXY_MODE_PREFIX", "ProviderModePrefix",
      "_MJPROXY_CONCURRENCY", "ProviderConcurrency",
      "_MJPROXY_TIMEOUT_SECONDS", "ProviderTimeoutSeconds");

  @Test
  void everyFunctionGetsEveryModesProviderSettingsWithTheirDefaults() {
    for (FunctionDef fn : template.functions().values()) {
      Map<String, String> env = fn.environment();
      for (String mode : MODES) {
        String m = mode.toUpperCase();
        assertEquals("simulator", env.get(m + "_ENGINE"), fn.logicalId());
        assertEquals("", env.get(m + "_MJPROXY_URL"), fn.logicalId());
        assertEquals("", env.get(m + "_MJPROXY_KEY_PARAMETER"), fn.logicalId());
        assertEquals("mj-api-secret", env.get(m + "_MJPROXY_AUTH"), fn.logicalId());
        assertEquals("false", env.get(m + "_MJPROXY_MODE_PREFIX"), fn.logicalId());
        assertEquals("3", env.get(m + "_MJPROXY_CONCURRENCY"), fn.logicalId());
        assertEquals("30", env.get(m + "_MJPROXY_TIMEOUT_SECONDS"), fn.logicalId());
        // The key itself never goes through the template: only where it is kept does.
        assertFalse(env.containsKey(m + "_MJPROXY_KEY"), fn.logicalId() + " has no plain key variable");
      }
    }
  }

  @Test
  void eachProviderVariableComesFromItsOwnModesParameter() {
    // A distinct value for every parameter: each variable must carry exactly its own parameter's value.
    Map<String, String> overrides = new java.util.LinkedHashMap<>();
    int n = 1;
    for (String mode : MODES) {
      overrides.put(mode + "Engine", "mjproxy");
      overrides.put(mode + "ProviderUrl", "https://" + mode.toLowerCase() + ".example.com");
      overrides.put(mode + "ProviderKeyParameter", "/mj/" + mode.toLowerCase() + "-key");
      overrides.put(mode + "ProviderAuth", "bearer");
      overrides.put(mode + "ProviderModePrefix", "true");
      overrides.put(mode + "ProviderConcurrency", String.valueOf(n++));
      overrides.put(mode + "ProviderTimeoutSeconds", String.valueOf(100 + n++));
    }
    SamTemplate t = SamTemplate.load(TEMPLATE, overrides, "us-east-1", "mj-local");
    for (FunctionDef fn : t.functions().values()) {
      for (String mode : MODES) {
        PROVIDER_SETTINGS.forEach((variable, parameter) -> {
          assertTrue(t.parameters().containsKey(mode + parameter), "parameter " + mode + parameter + " exists");
          assertEquals(overrides.get(mode + parameter), fn.environment().get(mode.toUpperCase() + variable),
              fn.logicalId() + " " + mode.toUpperCase() + variable + " is " + mode + parameter);
        });
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "FastEngine, midjourney, AllowedValues",
      "RelaxProviderAuth, basic, AllowedValues",
      "TurboProviderModePrefix, yes, AllowedValues",
      "FastProviderConcurrency, 0, below MinValue 1",
      "FastProviderTimeoutSeconds, 0, below MinValue 1",
      "RelaxProviderTimeoutSeconds, 121, above MaxValue 120",
      "TurboProviderTimeoutSeconds, soon, not a number",
      "FastProviderUrl, ftp://files.example.com, AllowedPattern",
      "FastProviderUrl, api.example.com, AllowedPattern",
      "FastProviderUrl, https://api.example.com/?region=eu, AllowedPattern",
      "TurboProviderConcurrency, 1001, above MaxValue 1000",
  })
  void providerParametersRefuseBadValues(String parameter, String value, String complaint) {
    TemplateException e = assertThrows(TemplateException.class,
        () -> SamTemplate.load(TEMPLATE, Map.of(parameter, value), "us-east-1", "mj-local"));
    assertTrue(e.getMessage().contains("Parameters." + parameter), e.getMessage());
    assertTrue(e.getMessage().contains(complaint), e.getMessage());
  }

  @Test
  void providerParametersAcceptTheirRange() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("FastEngine", "mjproxy", "FastProviderUrl", "http://127.0.0.1:9000",
        "FastProviderTimeoutSeconds", "120", "FastProviderConcurrency", "1", "FastProviderAuth", "bearer"), "us-east-1", "mj-local");
    Map<String, String> env = t.functions().get("DispatchFunction").environment();
    assertEquals("mjproxy", env.get("FAST_ENGINE"));
    assertEquals("http://127.0.0.1:9000", env.get("FAST_MJPROXY_URL"));
    assertEquals("120", env.get("FAST_MJPROXY_TIMEOUT_SECONDS"));
    assertEquals("simulator", env.get("RELAX_ENGINE"));
  }

  @Test
  void consoleGroupsEveryParameterOnce() {
    Map<String, Object> raw = CfnYaml.load(TEMPLATE);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
        raw.get("Metadata")).get("AWS::CloudFormation::Interface")).get("ParameterGroups");
    List<Object> grouped = groups.stream().flatMap(g -> ((List<?>) g.get("Parameters")).stream()).map(Object.class::cast).toList();
    assertEquals(template.parameters().keySet(), Set.copyOf(grouped));
    assertEquals(grouped.size(), Set.copyOf(grouped).size(), "no parameter in two groups: " + grouped);
  }

  @Test
  void workflowTimeoutsCoverTheirProviderRequestsAtTheLongestProviderTimeout() {
    Map<String, Object> raw = CfnYaml.load(TEMPLATE);
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) raw.get("Parameters");
    for (String mode : MODES) {
      @SuppressWarnings("unchecked")
      Map<String, Object> timeout = (Map<String, Object>) parameters.get(mode + "ProviderTimeoutSeconds");
      assertEquals("120", String.valueOf(timeout.get("MaxValue")));
    }
    int longest = 120;
    // provider requests a step may make: Dispatch submit + cancel, Poll status + preview + cancel,
    // StoreResult status + final image, RecordFailure cancel; then storage work on top.
    Map<String, Integer> requests = Map.of("DispatchFunction", 2, "PollFunction", 3, "StoreResultFunction", 2,
        "RecordFailureFunction", 1);
    requests.forEach((function, count) -> {
      int timeout = template.functions().get(function).timeoutSeconds();
      assertTrue(timeout >= count * longest + 30, function + " timeout " + timeout + " s covers " + count + " x " + longest + " s");
      assertTrue(timeout <= 900, "Lambda's limit");
    });
  }

  @Test
  void workflowStepsThatHoldProviderSlotsMayWriteTheSlotTable() {
    // The mjproxy engine counts jobs in flight per provider in the idempotency table: Dispatch takes a
    // slot, Poll, StoreResult and RecordFailure give it back.
    String table = template.tables().get("IdempotencyTable").tableName();
    for (String function : List.of("DispatchFunction", "PollFunction", "StoreResultFunction", "RecordFailureFunction")) {
      TemplateResource r = template.resources().get(function);
      @SuppressWarnings("unchecked")
      List<Object> policies = (List<Object>) template.resolve(r.properties().get("Policies"), r.propertiesPath() + ".Policies");
      assertTrue(policies.contains(Map.of("DynamoDBCrudPolicy", Map.of("TableName", table))), function + ": " + policies);
    }
  }

  @Test
  void providerKeyPolicyIsOnlyThereWhenAKeyParameterIsGiven() {
    assertFalse(template.resources().get("ProviderKeyReadPolicy").created());
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("FastEngine", "mjproxy"), "us-east-1", "mj-local");
    assertFalse(t.resources().get("ProviderKeyReadPolicy").created());
  }

  @Test
  void providerKeyInSsmIsReadableByEveryFunctionThatBuildsEngines() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("FastProviderKeyParameter", "/mj/fast-key"), "us-east-1", "mj-local");
    TemplateResource policy = t.resources().get("ProviderKeyReadPolicy");
    assertTrue(policy.created());
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) t.resolve(policy.properties(), policy.propertiesPath());
    assertEquals(List.of("mj-local-SubmitFunctionRole", "mj-local-ActionFunctionRole", "mj-local-TaskFunctionRole",
        "mj-local-AdminFunctionRole", "mj-local-DispatchFunctionRole", "mj-local-PollFunctionRole",
        "mj-local-StoreResultFunctionRole", "mj-local-RecordFailureFunctionRole", "mj-local-NotifyFunctionRole",
        "mj-local-AwaitJobFunctionRole", "mj-local-ProviderHookFunctionRole"),
        props.get("Roles"));
    assertEquals(List.of(Map.of("Effect", "Allow", "Action", "ssm:GetParameter",
        "Resource", "arn:aws:ssm:us-east-1:000000000000:parameter/mj/fast-key")), statements(t, "ProviderKeyReadPolicy"));

    SamTemplate flat = SamTemplate.load(TEMPLATE, Map.of("RelaxProviderKeyParameter", "mj-relax-key"), "us-east-1", "mj-local");
    assertEquals(List.of(Map.of("Effect", "Allow", "Action", "ssm:GetParameter",
        "Resource", "arn:aws:ssm:us-east-1:000000000000:parameter/mj-relax-key")), statements(flat, "ProviderKeyReadPolicy"));
  }

  @Test
  void providerKeyInSecretsManagerByNameIsReadThroughTheReferencePath() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("TurboProviderKeyParameter", "secretsmanager:mj/turbo-key"),
        "eu-west-1", "mj-local");
    assertEquals(List.of(
        Map.of("Effect", "Allow", "Action", "ssm:GetParameter",
            "Resource", "arn:aws:ssm:eu-west-1:000000000000:parameter/aws/reference/secretsmanager/*"),
        Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue",
            "Resource", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:mj/turbo-key-??????")),
        statements(t, "ProviderKeyReadPolicy"));
  }

  @Test
  void providerKeyInSecretsManagerByArn() {
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mj-fast-AbCdEf";
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of("FastProviderKeyParameter", arn), "us-east-1", "mj-local");
    assertEquals(List.of(
        Map.of("Effect", "Allow", "Action", "ssm:GetParameter",
            "Resource", "arn:aws:ssm:us-east-1:000000000000:parameter/aws/reference/secretsmanager/*"),
        Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue", "Resource", List.of(arn, arn + "-??????"))),
        statements(t, "ProviderKeyReadPolicy"));
  }

  @Test
  void providerKeysOfSeveralModesEachGetTheirStatements() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of(
        "RelaxProviderKeyParameter", "/mj/relax-key",
        "FastProviderKeyParameter", "secretsmanager:mj-fast",
        "TurboProviderKeyParameter", "/mj/turbo-key"), "us-east-1", "mj-local");
    List<Map<String, Object>> statements = statements(t, "ProviderKeyReadPolicy");
    assertEquals(4, statements.size(), statements.toString());
    assertEquals("arn:aws:ssm:us-east-1:000000000000:parameter/mj/relax-key", statements.get(0).get("Resource"));
    assertEquals("arn:aws:secretsmanager:us-east-1:000000000000:secret:mj-fast-??????", statements.get(2).get("Resource"));
    assertEquals("arn:aws:ssm:us-east-1:000000000000:parameter/mj/turbo-key", statements.get(3).get("Resource"));
    // A name that merely contains the words is an SSM parameter name.
    SamTemplate ssm = SamTemplate.load(TEMPLATE, Map.of("FastProviderKeyParameter", "/mj/secretsmanager:x/arn:y"),
        "us-east-1", "mj-local");
    assertEquals(List.of(Map.of("Effect", "Allow", "Action", "ssm:GetParameter",
        "Resource", "arn:aws:ssm:us-east-1:000000000000:parameter/mj/secretsmanager:x/arn:y")),
        statements(ssm, "ProviderKeyReadPolicy"));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statements(SamTemplate t, String policyId) {
    TemplateResource policy = t.resources().get(policyId);
    assertTrue(policy.created(), policyId + " is created");
    Map<String, Object> props = (Map<String, Object>) t.resolve(policy.properties(), policy.propertiesPath());
    return (List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement");
  }

  @Test
  void definitionFileIsInTheRepository() {
    assertTrue(Files.isRegularFile(template.stateMachines().get("TaskStateMachine").definitionFile()));
  }

  @Test
  void theSweeperRunsOnAScheduleWithTheStateMachineItChecks() {
    FunctionDef sweep = template.functions().get("SweepFunction");
    assertEquals(ROOT.resolve("functions/bundle/target/mj-functions.jar"), sweep.codeUri());
    assertTrue(sweep.httpRoutes().isEmpty());
    assertTrue(sweep.environment().get("STATE_MACHINE_ARN").contains(":stateMachine:"), sweep.environment().toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> events = (Map<String, Object>) template.resources().get("SweepFunction").properties().get("Events");
    assertTrue(String.valueOf(events).contains("rate(5 minutes)"), String.valueOf(events));
    assertEquals(List.of(new ScheduleEvent("SweepFunction", "EveryFiveMinutes", java.time.Duration.ofMinutes(5))),
        template.schedules(), "the local runtime runs it on this rate");
  }

  @Test
  void scheduleRatesAreReadAndCronIsLeftToAws() {
    assertEquals(java.util.Optional.of(java.time.Duration.ofMinutes(5)), ScheduleEvent.rate("rate(5 minutes)"));
    assertEquals(java.util.Optional.of(java.time.Duration.ofHours(1)), ScheduleEvent.rate("rate(1 hour)"));
    assertEquals(java.util.Optional.of(java.time.Duration.ofDays(2)), ScheduleEvent.rate(" rate(2 days) "));
    assertTrue(ScheduleEvent.rate("cron(0/5 * * * ? *)").isEmpty());
    assertTrue(ScheduleEvent.rate("rate(0 minutes)").isEmpty());
    assertTrue(ScheduleEvent.rate(null).isEmpty());
  }
}
