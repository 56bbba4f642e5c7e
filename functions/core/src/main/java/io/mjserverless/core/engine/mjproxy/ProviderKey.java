package io.mjserverless.core.engine.mjproxy;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The key a provider gets, read once per container (and frozen in a SnapStart snapshot) but read again
 * when the provider refuses it, at most once a minute: a key rotated in SSM or Secrets Manager is
 * picked up by running containers instead of failing every job until they are replaced.
 */
public final class ProviderKey {
  static final Duration MIN_REREAD_INTERVAL = Duration.ofMinutes(1);

  private final Supplier<Optional<String>> reader;
  private final Clock clock;
  private volatile Optional<String> current;
  private volatile long readAt;

  public ProviderKey(Supplier<Optional<String>> reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
    this.current = reader.get();
    this.readAt = clock.millis();
  }

  /** A key that never changes (local runs with the key in the environment, tests). */
  public static ProviderKey fixed(Optional<String> key) {
    return new ProviderKey(() -> key, Clock.systemUTC());
  }

  public Optional<String> current() {
    return current;
  }

  /** Reads the key again unless that was done within the last minute; true when it changed. */
  public synchronized boolean reread() {
    long now = clock.millis();
    if (now - readAt < MIN_REREAD_INTERVAL.toMillis()) {
      return false;
    }
    readAt = now;
    Optional<String> fresh;
    try {
      fresh = reader.get();
    } catch (RuntimeException e) {
      return false; // keep the key we have; the refusal stands
    }
    boolean changed = !fresh.equals(current);
    current = fresh;
    return changed;
  }
}
