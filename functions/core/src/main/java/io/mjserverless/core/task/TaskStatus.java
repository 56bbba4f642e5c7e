package io.mjserverless.core.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * Task statuses of the Open API and the only moves between them. A store refuses any other move,
 * so a retried step can never take a task backwards.
 */
public enum TaskStatus {
  NOT_START, SUBMITTED, IN_PROGRESS, SUCCESS, FAILURE, MODAL, CANCEL;

  /** Waiting for or holding a slot of its engine: what {@code /mj/task/queue} lists (a MODAL task waits for its client). */
  public static final Set<TaskStatus> QUEUED_OR_RUNNING = java.util.Collections.unmodifiableSet(EnumSet.of(NOT_START, SUBMITTED, IN_PROGRESS));

  public boolean isFinal() {
    return this == SUCCESS || this == FAILURE || this == CANCEL;
  }

  /** Statuses this one may move to (a status may always be rewritten with itself, e.g. progress). */
  public Set<TaskStatus> successors() {
    return switch (this) {
      case MODAL -> EnumSet.of(MODAL, NOT_START, FAILURE, CANCEL);
      case NOT_START -> EnumSet.of(NOT_START, SUBMITTED, IN_PROGRESS, SUCCESS, FAILURE, CANCEL);
      case SUBMITTED -> EnumSet.of(SUBMITTED, IN_PROGRESS, SUCCESS, FAILURE, CANCEL);
      case IN_PROGRESS -> EnumSet.of(IN_PROGRESS, SUCCESS, FAILURE, CANCEL);
      // A final task keeps its status; only bookkeeping (callback outcome) may still be written.
      case SUCCESS, FAILURE, CANCEL -> EnumSet.of(this);
    };
  }

  public boolean canMoveTo(TaskStatus next) {
    return successors().contains(next);
  }
}
