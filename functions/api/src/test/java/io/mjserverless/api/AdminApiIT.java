package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.auth.ApiKeys;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Admins create keys (shown once, stored hashed), list and revoke them; a revoked key stops working. */
@ExtendWith(LocalAwsExtension.class)
class AdminApiIT {
  private final ApiFixture api;

  AdminApiIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  @Test
  void aNewKeyIsShownOnceAndStoredOnlyAsAHash() {
    ApiFixture.Response created = api.post("/mj/admin/api-keys", Map.of("tenant", "acme", "label", "web UI"), ApiFixture.ADMIN_KEY);
    assertEquals(201, created.status(), created.body());
    JsonNode body = created.json();
    String key = body.get("key").asText();
    String id = body.get("id").asText();
    assertEquals(ApiKeys.keyIdOf(key).orElseThrow(), id);
    assertEquals("acme", body.get("tenant").asText());
    assertEquals("user", body.get("role").asText());
    assertTrue(body.get("webhookSecret").asText().startsWith("whsec_"));

    Map<String, AttributeValue> item = api.aws.dynamo().getItem(GetItemRequest.builder()
        .tableName(api.aws.keysTable()).key(Map.of("keyId", AttributeValue.fromS(id))).build()).item();
    assertFalse(item.toString().contains(key), "the key in clear is never stored");
    assertEquals(ApiKeys.hash(key), item.get("hash").s());

    JsonNode listed = api.get("/mj/admin/api-keys", ApiFixture.ADMIN_KEY).json();
    boolean found = false;
    for (JsonNode k : listed) {
      assertFalse(k.has("key"));
      assertFalse(k.has("hash"));
      found |= k.get("id").asText().equals(id);
    }
    assertTrue(found);
    assertEquals(200, api.get("/mj/task/list", key).status());
  }

  @Test
  void aRevokedKeyIsRefused() {
    String key = api.userKey("revoked-" + System.nanoTime());
    String id = ApiKeys.keyIdOf(key).orElseThrow();
    assertEquals(200, api.get("/mj/task/list", key).status());
    ApiFixture.Response revoked = api.call(ApiFixture.request("DELETE", "/mj/admin/api-keys/" + id, null, ApiFixture.ADMIN_KEY));
    assertEquals(200, revoked.status());
    assertTrue(revoked.json().get("revokedAt").asLong() > 0);
    assertEquals(401, api.get("/mj/task/list", key).status());
    assertEquals(404, api.call(ApiFixture.request("DELETE", "/mj/admin/api-keys/nosuchkey", null, ApiFixture.ADMIN_KEY)).status());
  }

  @Test
  void adminKeysCanBeMintedAndBadFieldsAreRefused() {
    ApiFixture.Response admin = api.post("/mj/admin/api-keys", Map.of("role", "admin"), ApiFixture.ADMIN_KEY);
    assertEquals(201, admin.status());
    String adminKey = admin.json().get("key").asText();
    assertEquals(201, api.post("/mj/admin/api-keys", Map.of(), adminKey).status());
    ApiFixture.Response badRole = api.post("/mj/admin/api-keys", Map.of("role", "root"), ApiFixture.ADMIN_KEY);
    assertEquals(400, badRole.status());
    assertTrue(badRole.json().get("description").asText().contains("role"));
    assertEquals(400, api.post("/mj/admin/api-keys", Map.of("tenant", "no spaces allowed"), ApiFixture.ADMIN_KEY).status());
  }

  @Test
  void pathLikeTenantNamesAreRefusedAndKeyIdsOfAnyLengthAreAnsweredWithoutAStoreError() {
    for (String tenant : new String[] {".", "..", "..a", "a..b", "-x", "_x", ".hidden", "a/b", "a".repeat(65)}) {
      ApiFixture.Response refused = api.post("/mj/admin/api-keys", Map.of("tenant", tenant), ApiFixture.ADMIN_KEY);
      assertEquals(400, refused.status(), tenant + ": " + refused.body());
      assertTrue(refused.json().get("description").asText().contains("tenant"), refused.body());
    }
    assertEquals(201, api.post("/mj/admin/api-keys", Map.of("tenant", "a.b-c_d"), ApiFixture.ADMIN_KEY).status());
    for (String id : new String[] {"x".repeat(2_100), "a".repeat(12), "ABCDEFGHIJKL", "%2e%2e", "1".repeat(40)}) {
      ApiFixture.Response answer = api.call(ApiFixture.request("DELETE", "/mj/admin/api-keys/" + id, null, ApiFixture.ADMIN_KEY));
      assertEquals(404, answer.status(), answer.body());
      assertEquals("not_found", answer.json().get("type").asText(), answer.body());
    }
  }
}
