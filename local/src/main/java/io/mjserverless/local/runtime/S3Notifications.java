package io.mjserverless.local.runtime;

import io.mjserverless.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The template's S3 event sources, locally: s3proxy sends no notifications, so the bucket is listed
 * under each trigger's prefix a few times a second and every new object is delivered to its function
 * as an {@code ObjectCreated:Put} event, as S3 would (at least once, in no guaranteed order).
 */
public final class S3Notifications implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "s3-notifications");
    t.setDaemon(true);
    return t;
  });
  private final S3Client s3;
  private final LambdaHost lambdas;
  private final Set<String> seen = new HashSet<>();

  /** One trigger: a function, the bucket it watches and the key prefix and suffix it filters on. */
  public record Watch(String function, String bucket, String prefix, String suffix) {}

  public S3Notifications(S3Client s3, LambdaHost lambdas, List<Watch> watches, long periodMillis) {
    this.s3 = s3;
    this.lambdas = lambdas;
    for (Watch w : watches) {
      list(w).forEach(o -> seen.add(w.function() + "|" + o.key())); // what was there before we started is old news
    }
    if (!watches.isEmpty()) {
      timer.scheduleWithFixedDelay(() -> watches.forEach(this::poll), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
  }

  private List<S3Object> list(Watch w) {
    return s3.listObjectsV2Paginator(b -> b.bucket(w.bucket()).prefix(w.prefix())).contents().stream()
        .filter(o -> w.suffix() == null || o.key().endsWith(w.suffix())).toList();
  }

  private void poll(Watch w) {
    try {
      for (S3Object o : list(w)) {
        if (seen.add(w.function() + "|" + o.key())) {
          lambdas.invoke(w.function(), Json.MAPPER.valueToTree(event(w.bucket(), o)));
        }
      }
    } catch (Exception e) {
      io.mjserverless.core.log.Log.warn("local.s3-notification-failed", e, "target", w.function());
    }
  }

  static Map<String, Object> event(String bucket, S3Object o) {
    return Map.of("Records", List.of(Map.of(
        "eventVersion", "2.1",
        "eventSource", "aws:s3",
        "awsRegion", LocalRuntime.REGION.id(),
        "eventTime", Instant.now().toString(),
        "eventName", "ObjectCreated:Put",
        "s3", Map.of(
            "s3SchemaVersion", "1.0",
            "bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket),
            "object", Map.of("key", URLEncoder.encode(o.key(), StandardCharsets.UTF_8).replace("%2F", "/"),
                "size", o.size(), "eTag", String.valueOf(o.eTag()))))));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

}
