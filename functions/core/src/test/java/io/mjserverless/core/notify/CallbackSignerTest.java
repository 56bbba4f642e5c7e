package io.mjserverless.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackSignerTest {
  private static final long T = 1_700_000_000L;
  private static final String SECRET = "whsec_test";
  /** Non-ASCII on purpose (a CJK character and the keycap emoji describe uses), to pin UTF-8. */
  private static final String BODY = "{\"id\":\"1\",\"prompt\":\"\u732b \u0031\ufe0f\u20e3\"}";
  /** HMAC-SHA256 of "1700000000." + BODY under SECRET, computed outside Java (Python's hmac module). */
  private static final String BODY_VECTOR = "2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72";

  private final CallbackSigner signer = new CallbackSigner(Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC));

  private static String independentHmac(String secret, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(message.getBytes(StandardCharsets.UTF_8))) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  @Test
  void signsTimestampDotBodyWithHmacSha256() throws Exception {
    String header = signer.sign(SECRET, BODY);
    assertEquals("t=" + T + ",v1=" + independentHmac(SECRET, T + "." + BODY), header);
    assertEquals("t=1700000000,v1=" + BODY_VECTOR, header);
  }

  @Test
  void signatureFollowsTheClock() throws Exception {
    CallbackSigner later = new CallbackSigner(Clock.fixed(Instant.ofEpochSecond(T + 60, 999_000_000), ZoneOffset.UTC));
    assertEquals("t=" + (T + 60) + ",v1=" + independentHmac(SECRET, (T + 60) + "." + BODY), later.sign(SECRET, BODY));
  }

  @Test
  void refusesToSignWithoutASecret() {
    assertThrows(IllegalArgumentException.class, () -> signer.sign("", BODY));
    assertThrows(IllegalArgumentException.class, () -> signer.sign(null, BODY));
  }

  @Test
  void verifiesAGoodHeaderWithinTolerance() {
    String header = signer.sign(SECRET, BODY);
    assertTrue(CallbackSigner.verify(SECRET, header, BODY, T, 300));
    assertTrue(CallbackSigner.verify(SECRET, header, BODY, T + 300, 300));
    assertTrue(CallbackSigner.verify(SECRET, header, BODY, T - 300, 300)); // small clock skew the other way
  }

  @Test
  void rejectsATamperedBody() {
    String header = signer.sign(SECRET, BODY);
    assertFalse(CallbackSigner.verify(SECRET, header, BODY.replace("1", "2"), T, 300));
    assertFalse(CallbackSigner.verify(SECRET, header, BODY + " ", T, 300));
  }

  @Test
  void rejectsTheWrongSecret() {
    String header = signer.sign(SECRET, BODY);
    assertFalse(CallbackSigner.verify("whsec_other", header, BODY, T, 300));
    assertFalse(CallbackSigner.verify("", header, BODY, T, 300));
    assertFalse(CallbackSigner.verify(null, header, BODY, T, 300));
  }

  @Test
  void rejectsStaleAndFarFutureTimestamps() {
    String header = signer.sign(SECRET, BODY);
    assertFalse(CallbackSigner.verify(SECRET, header, BODY, T + 301, 300));
    assertFalse(CallbackSigner.verify(SECRET, header, BODY, T - 301, 300));
  }

  @Test
  void rejectsAMovedTimestampEvenWithAValidMac() {
    // Replaying an old signature with a fresh t must fail: t is inside the MAC.
    String replayed = "t=" + (T + 1000) + ",v1=" + BODY_VECTOR;
    assertFalse(CallbackSigner.verify(SECRET, replayed, BODY, T + 1000, 300));
  }

  @Test
  void toleratesWhitespaceExtraSignaturesUnknownKeysAndUppercaseHex() {
    String header = " t=" + T + " ,  v1=" + "00".repeat(32) + ", v0=legacy ,v1= " + BODY_VECTOR.toUpperCase() + " ";
    assertTrue(CallbackSigner.verify(SECRET, header, BODY, T, 300));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "garbage",
      "t=1700000000",
      "v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=abc,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=-1700000000,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=99999999999999999999999,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=1700000000,t=1700000000,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=1700000000,=x,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=1700000000;v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf72",
      "t=1700000000,v1=",
      "t=1700000000,v1=2693126d1b96311eba3ca0d447ed5d50583dbb902253edad47e4619f9c5fcf7"})
  void rejectsMalformedHeaders(String header) {
    assertFalse(CallbackSigner.verify(SECRET, header, BODY, T, 300));
  }

  @Test
  void rejectsNullBodyAndNegativeTolerance() {
    String header = signer.sign(SECRET, BODY);
    assertFalse(CallbackSigner.verify(SECRET, header, null, T, 300));
    assertFalse(CallbackSigner.verify(SECRET, header, BODY, T, -1));
  }
}
