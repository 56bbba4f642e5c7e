package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one execution, as DescribeExecution plus its history.
 *
 * @param output       the execution's output when SUCCEEDED, else null
 * @param error        the error name when FAILED, ABORTED (given to stop) or TIMED_OUT, else null
 * @param cause        the cause text that goes with the error (may be null)
 * @param stopTime     null while RUNNING
 * @param currentState the state the execution is in while RUNNING, else null
 */
public record ExecutionInfo(
    String name,
    String executionArn,
    ExecutionStatus status,
    JsonNode input,
    JsonNode output,
    String error,
    String cause,
    Instant startTime,
    Instant stopTime,
    String currentState,
    List<HistoryEvent> history) {

  public ExecutionInfo {
    history = List.copyOf(history);
  }

  /** The names of the states entered, in order (a state entered twice appears twice). */
  public List<String> enteredStates() {
    return history.stream()
        .filter(e -> e.type() == HistoryEvent.Type.STATE_ENTERED)
        .map(HistoryEvent::stateName)
        .toList();
  }

  /** The events of one type, in order. */
  public List<HistoryEvent> events(HistoryEvent.Type type) {
    return history.stream().filter(e -> e.type() == type).toList();
  }
}
