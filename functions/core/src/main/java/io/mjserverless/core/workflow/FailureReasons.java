package io.mjserverless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.task.ReasonText;
import java.util.Set;

/**
 * Turns the error a Catch hands to RecordFailure ({@code {"Error": ..., "Cause": ...}}) into a reason a
 * person can read. Only errors whose words were written for the client pass their message on: our own
 * exceptions (the steps turn every other fault into {@link StepFailedException}) and the state machine's
 * own named failures. Anything else (the runtime dying of memory, Step Functions' own errors, a class
 * we did not write) becomes a short generic reason, and the raw error goes to the log with the task id.
 */
public final class FailureReasons {
  /** The Error names the state machine gives its own failures; their Cause is plain text. */
  private static final Set<String> STATE_MACHINE_FAILURES = Set.of("TaskLost", "JobFailed", "DeadlinePassed", "TooManyPolls");
  private static final String OUR_CLASSES = "io.mjserverless.";

  private FailureReasons() {}

  public static String of(JsonNode error) {
    return of(null, error);
  }

  /** As {@link #of(JsonNode)}; an error that is not ours is logged under {@code taskId}. */
  public static String of(String taskId, JsonNode error) {
    if (error == null || error.isNull()) {
      return "the task failed for an unknown reason";
    }
    String name = error.path("Error").asText("");
    String message = messageOf(error.path("Cause").asText(""));
    if (name.startsWith(OUR_CLASSES) || STATE_MACHINE_FAILURES.contains(name)) {
      return message.isBlank() ? "the task failed: " + name.substring(name.lastIndexOf('.') + 1) : ReasonText.clean(message);
    }
    // The task id is the log context's (the step's input); taskId here only names it when the caller knows better.
    Log.warn("task.internal-failure", null, "failedTaskId", taskId, "errorName", name, "cause", message);
    return switch (name) {
      case "States.Timeout", "States.HeartbeatTimeout", "Lambda.ClientExecutionTimeoutException" -> "a workflow step timed out";
      case "java.lang.OutOfMemoryError", "Runtime.OutOfMemory" -> StepFailedException.OUT_OF_MEMORY;
      default -> message.contains("OutOfMemoryError") || message.contains("Java heap space")
          ? StepFailedException.OUT_OF_MEMORY : StepFailedException.INTERNAL;
    };
  }

  /** A Lambda error's Cause is JSON with {@code errorMessage}; our own Pass states put plain text there. */
  private static String messageOf(String cause) {
    if (cause.startsWith("{")) {
      try {
        return Json.tree(cause).path("errorMessage").asText(cause);
      } catch (IllegalArgumentException notJson) {
        return cause;
      }
    }
    return cause;
  }
}
