package io.mjserverless.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.log.Metrics;
import io.mjserverless.core.task.PlainMessage;
import io.mjserverless.core.workflow.StepFailedException;
import io.mjserverless.core.workflow.TransientStepException;
import io.mjserverless.core.workflow.WorkflowServices;
import software.amazon.awssdk.core.exception.SdkClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The shape of every workflow step: the state's JSON in, the step's JSON out, through our own
 * Jackson mapper (the runtime's serializer does not know records). An exception whose message was
 * written for the client ({@link PlainMessage}) leaves the handler as it is: the Java runtime reports its
 * fully qualified class name, which the state machine's Retry and Catch match on. Any other fault is
 * logged here with the task id and leaves as a {@link StepFailedException} with a plain reason, so a
 * class name or a library's message never becomes a failReason.
 */
public abstract class StepFunction implements RequestStreamHandler {
  /** Built once per container, on first use. */
  static final class Services {
    static final WorkflowServices INSTANCE = WorkflowServices.forContainer("WorkflowStepFunction");
  }

  protected final WorkflowServices services;

  protected StepFunction(WorkflowServices services) {
    this.services = services;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    LogContext.begin(getClass().getSimpleName(), context == null ? null : context.getAwsRequestId());
    try {
      JsonNode in = Json.MAPPER.readTree(input);
      LogContext.task(in.path("taskId").asText(null));
      Object out = run(in);
      Json.MAPPER.writeValue(output, out);
    } finally {
      LogContext.end();
    }
  }

  private Object run(JsonNode in) {
    try {
      return handle(in);
    } catch (SdkClientException | java.io.UncheckedIOException e) {
      // A dropped connection to DynamoDB or S3 (after the SDK's own retries) may pass: let the state
      // machine retry the step with backoff instead of failing the task.
      Log.warn("step.storage-failed", e);
      throw new TransientStepException("a storage call kept failing", e);
    } catch (RuntimeException e) {
      if (e instanceof PlainMessage) {
        // Written for the client (a rejected job, a callback that failed...): the state machine routes on it.
        Log.warn("step.failed", null, "error", e.getClass().getSimpleName(), "reason", e.getMessage());
        if (e instanceof io.mjserverless.core.engine.JobRejectedException) {
          Metrics.engineError(LogContext.get(LogContext.ENGINE), "rejected");
        }
        throw e;
      }
      Log.error("step.internal-error", e);
      throw new StepFailedException(StepFailedException.INTERNAL);
    } catch (OutOfMemoryError e) {
      // What held the memory is unreachable once the error has been thrown, so logging it is safe.
      Log.error("step.out-of-memory", e);
      throw new StepFailedException(StepFailedException.OUT_OF_MEMORY);
    }
  }

  /** Runs the step on the state's input; what it returns becomes the state's output. */
  public abstract Object handle(JsonNode input);

  protected static String taskId(JsonNode input) {
    String id = input.path("taskId").asText("");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("the step input has no taskId: " + input);
    }
    return id;
  }
}
