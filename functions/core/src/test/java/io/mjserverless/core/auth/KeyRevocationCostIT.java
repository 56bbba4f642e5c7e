package io.mjserverless.core.auth;

import io.mjserverless.core.api.http.HttpRequest;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Measures, against DynamoDB Local, what each way of making revocation take effect within 5 s adds to
 * a request: (a) a 5 s key cache, (b) keys cached long plus a revocation marker read at most every 5 s,
 * (c) a consistent read of the key on every request. Traffic is simulated with a moved clock at a few
 * request rates per container; the time of each authentication is real. Prints a table; asserts
 * nothing about speed (the numbers go to docs/architecture.md). Run on request:
 * {@code ./mvnw -B -o -pl functions/core verify -Dtest=none -Dit.test=KeyRevocationCostIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmj.measure=true}.
 */
@ExtendWith(LocalAwsExtension.class)
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class KeyRevocationCostIT {
  private static final int WARM_UP = 3_000;
  private static final int REQUESTS = 4_000;
  /** On-demand read request units, us-east-1, per million (reference/serverless-anchors.md §3.5). */
  private static final double RRU_PRICE_PER_MILLION = 0.125;
  private static final String MARKER_ID = "#revocations";

  private static final class MovableClock extends Clock {
    final AtomicLong millis = new AtomicLong(1_800_000_000_000L);

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /** Counts the reads that reach DynamoDB. */
  private static final class CountingStore implements ApiKeyStore {
    final ApiKeyStore inner;
    long reads;

    CountingStore(ApiKeyStore inner) {
      this.inner = inner;
    }

    @Override
    public void create(ApiKey key) {
      inner.create(key);
    }

    @Override
    public Optional<ApiKey> get(String keyId) {
      reads++;
      return inner.get(keyId);
    }

    @Override
    public Optional<ApiKey> revoke(String keyId, long revokedAt) {
      return inner.revoke(keyId, revokedAt);
    }

    @Override
    public List<ApiKey> list(int limit) {
      return inner.list(limit);
    }
  }

  private record Result(String mechanism, double rps, double meanMicros, double p50Micros, double p99Micros, double readsPerRequest) {
    double dollarsPerMillion() {
      return readsPerRequest * RRU_PRICE_PER_MILLION;
    }
  }

  private final DynamoDbClient dynamo;
  private final String table;

  KeyRevocationCostIT(LocalAws aws) {
    dynamo = aws.dynamo();
    table = aws.keysTable();
  }

  @Test
  void measureEachMechanism() {
    DynamoApiKeyStore dynamoKeys = new DynamoApiKeyStore(dynamo, table);
    ApiKeys.Generated generated = ApiKeys.generate();
    dynamoKeys.create(new ApiKey(generated.keyId(), generated.hash(), "measure", Role.USER, "whsec_m", "measure", 1L, null));
    dynamo.putItem(b -> b.tableName(table).item(Map.of("keyId", AttributeValue.fromS(MARKER_ID), "version", AttributeValue.fromN("1"))));
    HttpRequest request = new HttpRequest("GET", "/mj/task/list", Map.of("Authorization", "Bearer " + generated.plaintext()), Map.of(), null);

    // Warm the JIT, the SDK client and DynamoDB Local on the path every mechanism uses.
    Authenticator warm = new Authenticator(dynamoKeys, Optional.empty(), Clock.systemUTC(), Duration.ZERO);
    for (int i = 0; i < WARM_UP; i++) {
      warm.authenticate(request);
      readMarker();
    }

    StringBuilder table = new StringBuilder("\nmechanism                         rps/container  mean µs  p50 µs  p99 µs  reads/request  $ per million requests\n");
    for (double rps : new double[] {0.1, 1, 10, 100}) {
      for (Result r : List.of(cached(dynamoKeys, request, rps), marker(dynamoKeys, request, rps), perRequest(dynamoKeys, request, rps))) {
        table.append(String.format("%-34s %13.1f %8.0f %7.0f %7.0f %14.3f %23.4f%n",
            r.mechanism(), r.rps(), r.meanMicros(), r.p50Micros(), r.p99Micros(), r.readsPerRequest(), r.dollarsPerMillion()));
      }
    }
    System.out.println(table);
  }

  /** (a) The chosen one: the key is read again when its 5 s in the cache are over. */
  private Result cached(DynamoApiKeyStore keys, HttpRequest request, double rps) {
    CountingStore counting = new CountingStore(keys);
    MovableClock clock = new MovableClock();
    Authenticator auth = new Authenticator(counting, Optional.empty(), clock, Duration.ofSeconds(5));
    long[] nanos = run(clock, rps, () -> auth.authenticate(request));
    return result("(a) 5 s key cache", rps, nanos, counting.reads);
  }

  /**
   * (b) Keys cached for long, trusted while a revocation marker (one small item that revoking would bump)
   * is unchanged; the marker is read at most every 5 s per container. A sketch of the read pattern only.
   */
  private Result marker(DynamoApiKeyStore keys, HttpRequest request, double rps) {
    CountingStore counting = new CountingStore(keys);
    MovableClock clock = new MovableClock();
    // The key stays cached until the marker moves: its cache runs on a clock that stands still.
    Authenticator longCache = new Authenticator(counting, Optional.empty(), new MovableClock(), Duration.ofSeconds(5));
    long[] markerReadAt = {clock.millis() - 5_000};
    long[] markerReads = {0};
    long[] nanos = run(clock, rps, () -> {
      if (clock.millis() - markerReadAt[0] >= 5_000) {
        readMarker();
        markerReads[0]++;
        markerReadAt[0] = clock.millis();
      }
      longCache.authenticate(request);
    });
    // The key is read once at the start; afterwards only the marker is.
    return result("(b) revocation marker every 5 s", rps, nanos, markerReads[0] + Math.min(1, counting.reads));
  }

  /** (c) A consistent read of the key on every request. */
  private Result perRequest(DynamoApiKeyStore keys, HttpRequest request, double rps) {
    CountingStore counting = new CountingStore(keys);
    MovableClock clock = new MovableClock();
    Authenticator auth = new Authenticator(counting, Optional.empty(), clock, Duration.ZERO);
    long[] nanos = run(clock, rps, () -> auth.authenticate(request));
    return result("(c) read per request", rps, nanos, counting.reads);
  }

  private void readMarker() {
    dynamo.getItem(b -> b.tableName(table).key(Map.of("keyId", AttributeValue.fromS(MARKER_ID)))
        .consistentRead(true).projectionExpression("version"));
  }

  /** {@link #REQUESTS} authentications spaced {@code 1/rps} apart on the moved clock; real nanoseconds each. */
  private static long[] run(MovableClock clock, double rps, Runnable authenticate) {
    long step = Math.round(1000 / rps);
    long[] nanos = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      clock.millis.addAndGet(step);
      long t0 = System.nanoTime();
      authenticate.run();
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  private static Result result(String mechanism, double rps, long[] nanos, long reads) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1000;
    double p99 = sorted[(int) (sorted.length * 0.99)] / 1000.0;
    double p50 = sorted[sorted.length / 2] / 1000.0;
    return new Result(mechanism, rps, mean, p50, p99, (double) reads / nanos.length);
  }
}
