package io.mjserverless.local.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the function invocations of the local stack and their running time, per function: what
 * Lambda bills (requests, and duration times the function's memory), measured on this machine.
 */
public final class InvocationMeter {
  /** Invocations of one function and their total running time. */
  public record Usage(long invocations, long nanos) {
    public double seconds() {
      return nanos / 1e9;
    }
  }

  private final Map<String, LongAdder[]> byFunction = new ConcurrentHashMap<>();

  void record(String function, long nanos) {
    LongAdder[] counters = byFunction.computeIfAbsent(function, f -> new LongAdder[] {new LongAdder(), new LongAdder()});
    counters[0].increment();
    counters[1].add(nanos);
  }

  /** What was counted so far, by function name, sorted. */
  public Map<String, Usage> snapshot() {
    Map<String, Usage> out = new TreeMap<>();
    byFunction.forEach((function, c) -> out.put(function, new Usage(c[0].sum(), c[1].sum())));
    return out;
  }

  public void reset() {
    byFunction.clear();
  }
}
