package io.mjserverless.api;

import io.mjserverless.core.workflow.WorkflowStartException;
import io.mjserverless.core.workflow.WorkflowStarter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The workflow seam as a test double: records starts, fails when told to. */
final class RecordingWorkflow implements WorkflowStarter {
  final List<String> started = new CopyOnWriteArrayList<>();
  volatile boolean failStarts;

  @Override
  public void start(String taskId) {
    if (failStarts) {
      throw new WorkflowStartException("Step Functions is unreachable (test)", null);
    }
    started.add(taskId);
  }
}
