package io.mjserverless.local.asl;

/** An error raised while running a state (States.Runtime, States.Timeout, a task's error, ...). */
final class StatesError extends RuntimeException {
  static final String RUNTIME = "States.Runtime";
  static final String TIMEOUT = "States.Timeout";
  static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
  static final String TASK_FAILED = "States.TaskFailed";
  static final String ALL = "States.ALL";
  static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
  static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";

  final String error;
  final String cause;

  StatesError(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.cause = cause;
  }

  static StatesError runtime(String cause) {
    return new StatesError(RUNTIME, cause);
  }
}
