package io.mjserverless.core.snapstart;

import io.mjserverless.core.log.Log;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's SnapStart hook: before the snapshot it runs the function's priming (load and link the
 * request path, send nothing); after a restore there is nothing to redo, as the clients resolve fresh
 * credentials on their own. On a JVM without CRaC (the local runtime, tests, a function without
 * SnapStart) the hook is registered and never called.
 *
 * <p>CRaC holds registered resources weakly, so the hooks are also kept here, for the container's life.
 */
public final class SnapStartPriming implements Resource {
  private static final java.util.List<SnapStartPriming> REGISTERED = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String function;
  private final Runnable prime;

  private SnapStartPriming(String function, Runnable prime) {
    this.function = function;
    this.prime = prime;
  }

  /** Registers {@code prime} to run before the snapshot of {@code function}'s container. */
  public static SnapStartPriming register(String function, Runnable prime) {
    SnapStartPriming hook = new SnapStartPriming(function, prime);
    REGISTERED.add(hook);
    Core.getGlobalContext().register(hook);
    return hook;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long start = System.nanoTime();
    try {
      Log.muted(prime); // its practice requests (401s, dry runs) are not events an operator should read
      Log.info("snapstart.primed", "primedFunction", function, "millis", (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      // Priming only saves time: a snapshot without it still serves correctly, so it never blocks one.
      Log.warn("snapstart.priming-failed", e, "primedFunction", function);
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to redo
  }

  /** Runs every registered priming now, as the runtime would before a snapshot (the cold-start bench). */
  public static void primeAllNow() {
    for (SnapStartPriming hook : REGISTERED) {
      hook.beforeCheckpoint(null);
    }
  }

  /** The functions whose priming is registered in this JVM. */
  public static java.util.List<String> registered() {
    return REGISTERED.stream().map(h -> h.function).toList();
  }
}
