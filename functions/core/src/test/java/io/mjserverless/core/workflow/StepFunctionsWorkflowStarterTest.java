package io.mjserverless.core.workflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

class StepFunctionsWorkflowStarterTest {
  static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:TaskStateMachine-abc";

  /** Records requests; throws what the test tells it to. */
  static final class RecordingSfn implements SfnClient {
    final List<StartExecutionRequest> starts = new ArrayList<>();
    RuntimeException failure;

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
      starts.add(request);
      if (failure != null) {
        throw failure;
      }
      return StartExecutionResponse.builder().executionArn("x").build();
    }

    @Override
    public String serviceName() {
      return "states";
    }

    @Override
    public void close() {}
  }

  private final RecordingSfn sfn = new RecordingSfn();
  private final StepFunctionsWorkflowStarter starter = new StepFunctionsWorkflowStarter(sfn, ARN);

  @Test
  void startsOneExecutionNamedByTheTaskWithTheTaskIdAsInput() {
    starter.start("1763800000000000001");
    StartExecutionRequest request = sfn.starts.get(0);
    assertEquals(ARN, request.stateMachineArn());
    assertEquals("1763800000000000001", request.name());
    assertEquals("1763800000000000001", Json.tree(request.input()).get("taskId").asText());
  }

  @Test
  void anExecutionThatExistsAlreadyCountsAsStarted() {
    sfn.failure = ExecutionAlreadyExistsException.builder().message("exists").build();
    assertDoesNotThrow(() -> starter.start("1"));
  }

  @Test
  void otherFailuresAreReported() {
    sfn.failure = SdkClientException.create("connection refused");
    WorkflowStartException e = assertThrows(WorkflowStartException.class, () -> starter.start("1"));
    assertTrue(e.getMessage().contains("connection refused"));
  }

  @Test
  void withoutAStateMachineStartFailsWithAReason() {
    StepFunctionsWorkflowStarter unconfigured = new StepFunctionsWorkflowStarter(sfn, "");
    WorkflowStartException e = assertThrows(WorkflowStartException.class, () -> unconfigured.start("1"));
    assertTrue(e.getMessage().contains("STATE_MACHINE_ARN"));
    assertTrue(sfn.starts.isEmpty());
  }
}
