package io.mjserverless.core.engine;

import java.util.Map;

/**
 * What an engine answers at submit time, before the task is stored: whether it takes the task now
 * (code 1), puts it in a queue (code 22, {@code numberOfQueues}), cannot hold one more (code 23), or
 * refuses it with a code and plain description (3: the parent's account is gone; 4: the request asks
 * for something this engine cannot do; 9: it cannot decide now, e.g. too many submits at once, try again). Engines that queue nothing of their own always accept.
 *
 * <p>{@code properties} go into the task's properties and the answer's (e.g. {@code discordInstanceId}).
 */
public sealed interface Admission {

  record Accepted(Map<String, Object> properties) implements Admission {
    public Accepted {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }

  record Queued(int numberOfQueues, Map<String, Object> properties) implements Admission {
    public Queued {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }

  /** Code 23; {@code properties} name the account whose queue is full ({@code discordInstanceId}), as the peers answer. */
  record QueueFull(String description, Map<String, Object> properties) implements Admission {
    public QueueFull {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public QueueFull(String description) {
      this(description, Map.of());
    }
  }

  record Refused(int code, String description) implements Admission {}

  static Admission accepted() {
    return new Accepted(Map.of());
  }
}
