package io.mjserverless.core.workflow;

import java.util.Map;

/**
 * The end of a job that finished: its result into the bucket and SUCCESS ({@link StoreResultStep}),
 * then the final callback ({@link NotifyStep}), in one invocation. The two always ran back to back;
 * as one state they cost one state transition and one Lambda invocation less per task. The state
 * machine retries a failed callback on this state with Notify's own policy: a retry finds the task
 * finished, so nothing is stored twice, and the callback's attempts are counted on the task.
 */
public final class FinishStep {
  private final StoreResultStep storeResult;
  private final NotifyStep notifyStep;

  public FinishStep(StoreResultStep storeResult, NotifyStep notifyStep) {
    this.storeResult = storeResult;
    this.notifyStep = notifyStep;
  }

  public Map<String, Object> run(String taskId) {
    StepState stored = storeResult.run(taskId);
    Map<String, Object> out = notifyStep.runNext(taskId);
    out.put("outcome", stored.outcome());
    return out;
  }
}
