package io.mjserverless.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.asl.TaskFailedException;
import io.mjserverless.local.template.SamTemplate;
import io.mjserverless.local.template.FunctionDef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the template's functions in this JVM, each as its handler class with the environment the
 * template gives it (plus the local endpoints), one warm instance per function as in a Lambda
 * container. A handler that throws is reported as the Java runtime reports it: the exception's fully
 * qualified class name as the error and {@code {"errorMessage", "errorType"}} as the cause.
 */
public final class LambdaHost {
  private final SamTemplate template;
  private final Map<String, String> localEnvironment;
  private final Map<String, Object> handlers = new ConcurrentHashMap<>();
  private final InvocationMeter meter = new InvocationMeter();

  public LambdaHost(SamTemplate template, Map<String, String> localEnvironment) {
    this.template = template;
    this.localEnvironment = new ConcurrentHashMap<>(localEnvironment);
  }

  /** Adds a variable to every function's environment; for values known only once the stack runs (its own URL). */
  public void addEnvironment(String name, String value) {
    localEnvironment.put(name, value);
  }

  /** The environment a function runs with: the template's, then the local runtime's endpoints and settings. */
  public Map<String, String> environment(String logicalId) {
    FunctionDef fn = function(logicalId);
    Map<String, String> env = new LinkedHashMap<>(fn.environment());
    env.putAll(localEnvironment);
    env.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
    return env;
  }

  private FunctionDef function(String logicalId) {
    FunctionDef fn = template.functions().get(logicalId);
    if (fn == null) {
      throw new IllegalArgumentException("template.yaml has no function " + logicalId + "; it has " + template.functions().keySet());
    }
    return fn;
  }

  /** Invocations and running time per function since the start (or the last reset). */
  public InvocationMeter meter() {
    return meter;
  }

  /** The warm handler instance of a function, built on first use. */
  public Object handler(String logicalId) {
    return handlers.computeIfAbsent(logicalId, this::instantiate);
  }

  private Object instantiate(String logicalId) {
    FunctionDef fn = function(logicalId);
    Config config = Config.from(environment(logicalId));
    try {
      Class<?> type = Class.forName(fn.handlerClass());
      // Each handler has a second constructor taking its services, whose type builds itself from a Config.
      for (Constructor<?> c : type.getConstructors()) {
        Class<?>[] params = c.getParameterTypes();
        if (params.length == 1) {
          try {
            java.lang.reflect.Method fromConfig = params[0].getMethod("fromConfig", Config.class);
            return c.newInstance(fromConfig.invoke(null, config));
          } catch (NoSuchMethodException notAServicesType) {
            // try the next constructor
          }
        }
      }
      throw new IllegalStateException(fn.handlerClass() + " has no constructor taking services built by fromConfig(Config)");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create handler " + fn.handlerClass() + " of " + logicalId + ": " + e, e);
    }
  }

  /** An API Gateway event straight to an HTTP function. */
  @SuppressWarnings("unchecked")
  public APIGatewayV2HTTPResponse invokeHttp(String logicalId, APIGatewayV2HTTPEvent event) {
    Object h = handler(logicalId);
    long start = System.nanoTime();
    try {
      return ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) h).handleRequest(event, context(logicalId));
    } finally {
      meter.record(logicalId, System.nanoTime() - start);
    }
  }

  /** Lambda's Invoke: JSON in, JSON out, failures as the Java runtime reports them. */
  @SuppressWarnings("unchecked")
  public JsonNode invoke(String logicalId, JsonNode event) throws TaskFailedException {
    Object h;
    try {
      h = handler(logicalId);
    } catch (Throwable e) {
      throw failure(e);
    }
    long start = System.nanoTime();
    try {
      if (h instanceof RequestStreamHandler stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, context(logicalId));
        return out.size() == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(out.toByteArray());
      }
      ClassLoader loader = getClass().getClassLoader();
      PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
      PojoSerializer<APIGatewayV2HTTPResponse> out = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
      APIGatewayV2HTTPEvent request = in.fromJson(Json.write(event));
      APIGatewayV2HTTPResponse response = ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) h)
          .handleRequest(request, context(logicalId));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      out.toJson(response, bytes);
      return Json.MAPPER.readTree(bytes.toByteArray());
    } catch (Throwable e) {
      throw failure(e);
    } finally {
      meter.record(logicalId, System.nanoTime() - start);
    }
  }

  /** A new invocation's context: its own request id, as Lambda gives each invocation. */
  private LocalContext context(String logicalId) {
    FunctionDef fn = function(logicalId);
    // Name and ARN resolved once per function: the template's resolver is synchronized, invocations are not.
    String[] names = functionNames.computeIfAbsent(logicalId, id -> new String[] {template.ref(id), template.getAtt(id, "Arn")});
    return new LocalContext(names[0], names[1], fn.memorySize(), fn.timeoutSeconds());
  }

  private final Map<String, String[]> functionNames = new ConcurrentHashMap<>();

  /** A failure as the Java runtime reports it: the class name as the error, errorMessage and errorType as the cause. */
  private static TaskFailedException failure(Throwable e) {
    Map<String, Object> cause = new LinkedHashMap<>();
    cause.put("errorMessage", String.valueOf(e.getMessage()));
    cause.put("errorType", e.getClass().getName());
    return new TaskFailedException(e.getClass().getName(), Json.write(cause));
  }

  /** The function an ASL Task resource names: {@code arn:aws:lambda:<region>:<account>:function:<Name>[:alias]}. */
  public static String functionOf(String resource) {
    String[] parts = resource.split(":");
    if (parts.length >= 7 && parts[2].equals("lambda") && parts[5].equals("function")) {
      return parts[6];
    }
    return resource; // a bare function name
  }
}
