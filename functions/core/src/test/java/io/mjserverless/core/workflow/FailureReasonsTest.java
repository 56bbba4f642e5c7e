package io.mjserverless.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureReasonsTest {
  private static JsonNode error(String name, String cause) {
    return Json.MAPPER.valueToTree(Map.of("Error", name, "Cause", cause));
  }

  private static String lambdaCause(String type, String message) {
    return Json.write(Map.of("errorMessage", message, "errorType", type, "stackTrace", java.util.List.of()));
  }

  @Test
  void ourOwnErrorsAndTheStateMachinesKeepTheirWords() {
    assertEquals("banned prompt", FailureReasons.of(error("io.mjserverless.core.engine.JobRejectedException",
        lambdaCause("io.mjserverless.core.engine.JobRejectedException", "banned prompt"))));
    assertEquals("the job failed upstream", FailureReasons.of(error("JobFailed", "the job failed upstream")));
    assertEquals("the deadline passed", FailureReasons.of(error("DeadlinePassed", "the deadline passed")));
    assertEquals("the task failed: StepFailedException",
        FailureReasons.of(error("io.mjserverless.core.workflow.StepFailedException", "")));
  }

  @Test
  void anyOtherErrorBecomesAPlainGenericReason() {
    assertEquals(StepFailedException.INTERNAL, FailureReasons.of(error("java.lang.IllegalArgumentException",
        lambdaCause("java.lang.IllegalArgumentException", "width*height > Integer.MAX_VALUE!"))));
    assertEquals(StepFailedException.OUT_OF_MEMORY, FailureReasons.of(error("java.lang.OutOfMemoryError",
        lambdaCause("java.lang.OutOfMemoryError", "Java heap space"))));
    assertEquals(StepFailedException.OUT_OF_MEMORY, FailureReasons.of(error("Runtime.ExitError",
        "RequestId: 9f1e Error: Runtime exited with error: exit status 1 java.lang.OutOfMemoryError: Java heap space")));
    assertEquals("a workflow step timed out", FailureReasons.of(error("States.Timeout", "")));
    assertEquals(StepFailedException.INTERNAL, FailureReasons.of(error("Lambda.Unknown", "The cause could not be determined")));
  }

  @Test
  void ourErrorsAreCleanedOfInternalsTooAndNoErrorIsAnUnknownReason() {
    assertEquals("the provider's image could not be copied: Connection reset",
        FailureReasons.of(error("io.mjserverless.core.engine.JobRejectedException", lambdaCause("x",
            "the provider's image could not be copied: java.net.SocketException: Connection reset"))));
    assertEquals("the task failed for an unknown reason", FailureReasons.of(null));
  }
}
