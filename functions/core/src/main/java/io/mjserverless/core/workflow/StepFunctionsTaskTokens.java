package io.mjserverless.core.workflow;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Task tokens resumed with Step Functions' SendTaskSuccess (the output is not used: AwaitJob discards it). */
public final class StepFunctionsTaskTokens implements TaskTokens {
  private final java.util.function.Supplier<SfnClient> sfn; // built at the first token sent, not with the function

  public StepFunctionsTaskTokens(SfnClient sfn) {
    this(() -> sfn);
  }

  public StepFunctionsTaskTokens(java.util.function.Supplier<SfnClient> sfn) {
    this.sfn = sfn;
  }

  @Override
  public boolean resume(String taskToken) {
    try {
      sfn.get().sendTaskSuccess(b -> b.taskToken(taskToken).output("{}"));
      return true;
    } catch (TaskDoesNotExistException | TaskTimedOutException | InvalidTokenException gone) {
      return false; // the workflow stopped waiting: it polls, or it ended
    }
  }
}
