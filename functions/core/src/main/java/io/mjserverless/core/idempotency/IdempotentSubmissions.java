package io.mjserverless.core.idempotency;

import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a submit at most once per tenant and {@code Idempotency-Key} within 24 hours: a repeat with the
 * same body gets the first answer again and creates nothing; the same key with another body is code 4;
 * a repeat while the first is still running is HTTP 409. Answers of code 9 (a system failure) are not
 * remembered, so the client may simply try again.
 */
public final class IdempotentSubmissions {
  public static final Duration WINDOW = Duration.ofHours(24);
  public static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyStore store;
  private final Clock clock;

  public IdempotentSubmissions(IdempotencyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public SubmitResult run(String tenant, Optional<String> idempotencyKey, String requestFingerprint, Supplier<SubmitResult> submit) {
    if (idempotencyKey.isEmpty()) {
      return submit.get();
    }
    String key = idempotencyKey.get();
    if (key.length() > MAX_KEY_LENGTH) {
      throw new ValidationException("Idempotency-Key", "Idempotency-Key is longer than " + MAX_KEY_LENGTH + " characters");
    }
    String scope = tenant + "#" + key;
    String hash = sha256(requestFingerprint);
    long nowSeconds = clock.millis() / 1000;
    for (int attempt = 0; attempt < 2; attempt++) {
      if (store.claim(scope, hash, nowSeconds, nowSeconds + WINDOW.toSeconds())) {
        SubmitResult result;
        try {
          result = submit.get();
        } catch (RuntimeException e) {
          store.release(scope);
          throw e;
        }
        if (result.code() == SubmitResult.FAILURE) {
          store.release(scope);
        } else {
          store.complete(scope, Json.write(result));
        }
        return result;
      }
      Optional<IdempotencyStore.Entry> existing = store.get(scope);
      if (existing.isEmpty()) {
        continue; // expired between claim and read: claim again
      }
      if (!existing.get().requestHash().equals(hash)) {
        throw new ValidationException("Idempotency-Key",
            "Idempotency-Key was already used with a different request; use a new key for a new request");
      }
      if (existing.get().isPending()) {
        throw HttpError.conflict("a request with this Idempotency-Key is still being processed");
      }
      return Json.read(existing.get().responseJson(), SubmitResult.class);
    }
    throw HttpError.conflict("a request with this Idempotency-Key is still being processed");
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
