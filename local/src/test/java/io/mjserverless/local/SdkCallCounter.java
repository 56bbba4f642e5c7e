package io.mjserverless.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS SDK call made in this JVM (answered or failed: both are billed), by who made it
 * and what it was, e.g. {@code workflow DynamoDb.UpdateItem}. Registered for the local module's tests
 * through the SDK's global interceptor list (test resources), so the product's clients are counted as
 * they are, unchanged. Who: "workflow" for calls on the ASL executor's task threads (the state
 * machine's functions), "notifications" for the local S3 notification poller, "api" for the rest.
 */
public final class SdkCallCounter implements ExecutionInterceptor {
  private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    count(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    count(attributes);
  }

  private static void count(ExecutionAttributes attributes) {
    String thread = Thread.currentThread().getName();
    String who = thread.startsWith("asl-task") ? "workflow" : thread.startsWith("s3-notifications") ? "notifications" : "api";
    String what = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    CALLS.computeIfAbsent(who + " " + what, k -> new LongAdder()).increment();
  }

  /** Calls so far, as "who Service.Operation" to count, sorted. */
  public static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    CALLS.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public static void reset() {
    CALLS.clear();
  }
}
