package io.mjserverless.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private static final Pattern KEY = Pattern.compile("mj_[a-z2-7]{12}_[A-Za-z0-9_-]{32}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  @Test
  void generatedKeysHaveTheDocumentedShape() {
    ApiKeys.Generated key = ApiKeys.generate();
    assertTrue(KEY.matcher(key.plaintext()).matches(), key.plaintext());
    assertEquals(48, key.plaintext().length());
    assertTrue(key.keyId().matches("[a-z2-7]{12}"), key.keyId());
    assertTrue(key.plaintext().startsWith("mj_" + key.keyId() + "_"));
    assertTrue(HEX_SHA256.matcher(key.hash()).matches(), key.hash());
    assertEquals(ApiKeys.hash(key.plaintext()), key.hash());
    assertEquals(Optional.of(key.keyId()), ApiKeys.keyIdOf(key.plaintext()));
  }

  @Test
  void generatedKeysAreUnique() {
    Set<String> ids = new HashSet<>();
    Set<String> plaintexts = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      ApiKeys.Generated key = ApiKeys.generate();
      assertTrue(KEY.matcher(key.plaintext()).matches(), key.plaintext());
      ids.add(key.keyId());
      plaintexts.add(key.plaintext());
      secrets.add(key.plaintext().substring(16));
    }
    assertEquals(2000, ids.size());
    assertEquals(2000, plaintexts.size());
    assertEquals(2000, secrets.size());
  }

  @Test
  void keyIdsUseTheWholeAlphabet() {
    // A slip in the alphabet (say, only a-z) would go unnoticed by the format check alone.
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      for (char c : ApiKeys.generate().keyId().toCharArray()) {
        seen.add(c);
      }
    }
    assertEquals(32, seen.size());
  }

  @Test
  void keyIdOfRefusesAnythingElse() {
    String valid = ApiKeys.generate().plaintext();
    String id = valid.substring(3, 15);
    String secret = valid.substring(16);
    assertTrue(ApiKeys.keyIdOf(null).isEmpty());
    assertTrue(ApiKeys.keyIdOf("").isEmpty());
    assertTrue(ApiKeys.keyIdOf("midjourney-proxy").isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_").isEmpty());
    assertTrue(ApiKeys.keyIdOf("sk_" + id + "_" + secret).isEmpty());
    assertTrue(ApiKeys.keyIdOf("MJ_" + id + "_" + secret).isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id.toUpperCase() + "_" + secret).isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id.substring(1) + "_" + secret).isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id + "a_" + secret).isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id.substring(0, 11) + "1_" + secret).isEmpty()); // 1 is not base32
    assertTrue(ApiKeys.keyIdOf("mj_" + id + "_" + secret.substring(1)).isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id + "_" + secret + "A").isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id + "_" + secret.substring(1) + "+").isEmpty());
    assertTrue(ApiKeys.keyIdOf("mj_" + id + "_" + secret.substring(1) + "=").isEmpty());
    assertTrue(ApiKeys.keyIdOf(valid + " ").isEmpty());
    assertTrue(ApiKeys.keyIdOf("Bearer " + valid).isEmpty());
    assertEquals(Optional.of(id), ApiKeys.keyIdOf(valid));
  }

  @Test
  void keyIdOfAcceptsAnyWellFormedKey() {
    String handMade = "mj_abcdefgh2345_" + "-_".repeat(16);
    assertEquals(Optional.of("abcdefgh2345"), ApiKeys.keyIdOf(handMade));
  }

  @Test
  void matchesOnlyTheKeyThatWasHashed() {
    ApiKeys.Generated key = ApiKeys.generate();
    ApiKeys.Generated other = ApiKeys.generate();
    assertTrue(ApiKeys.matches(key.plaintext(), key.hash()));
    assertTrue(ApiKeys.matches(key.plaintext(), key.hash().toUpperCase()));
    assertFalse(ApiKeys.matches(other.plaintext(), key.hash()));
    assertFalse(ApiKeys.matches(key.plaintext(), other.hash()));
    // One character off in the secret.
    String last = key.plaintext().endsWith("A") ? "B" : "A";
    String tampered = key.plaintext().substring(0, key.plaintext().length() - 1) + last;
    assertFalse(ApiKeys.matches(tampered, key.hash()));
    assertFalse(ApiKeys.matches(null, key.hash()));
    assertFalse(ApiKeys.matches(key.plaintext(), null));
    assertFalse(ApiKeys.matches(key.plaintext(), ""));
    assertFalse(ApiKeys.matches(key.plaintext(), "not hex at all"));
    assertFalse(ApiKeys.matches(key.plaintext(), key.hash().substring(0, 62)));
    // The stored hash is never a key itself.
    assertFalse(ApiKeys.matches(key.hash(), key.hash()));
  }

  @Test
  void hashIsHexSha256AndStable() {
    // The FIPS 180-2 test vector for "abc".
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.hash("abc"));
    String key = "mj_abcdefgh2345_" + "A".repeat(32);
    assertEquals(ApiKeys.hash(key), ApiKeys.hash(key));
    assertNotEquals(ApiKeys.hash(key), ApiKeys.hash(key.replace('A', 'B')));
    // UTF-8, not the platform charset.
    assertEquals(
        "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c", ApiKeys.hash("\u00e9"));
  }

  @Test
  void webhookSecretsAreRandomAndPrefixed() {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String secret = ApiKeys.newWebhookSecret();
      assertTrue(secret.matches("whsec_[A-Za-z0-9_-]{32}"), secret);
      secrets.add(secret);
    }
    assertEquals(500, secrets.size());
    assertTrue(ApiKeys.keyIdOf(ApiKeys.newWebhookSecret()).isEmpty());
  }

  @Test
  void generatedKeyDoesNotPrintItsSecret() {
    ApiKeys.Generated key = ApiKeys.generate();
    String printed = key.toString();
    assertFalse(printed.contains(key.plaintext()), printed);
    assertFalse(printed.contains(key.plaintext().substring(16)), printed);
    assertTrue(printed.contains(key.keyId()), printed);
  }
}
