package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.TaskAdmission;
import io.mjserverless.core.engine.discord.account.AccountItems;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Discord account routes over the AdminFunction handler, on DynamoDB Local and a loopback fake of
 * Discord's {@code /users/@me}: admin keys only, the token sealed in the table and masked in every answer,
 * bad input refused naming the field with nothing stored, and the check (ok; 401 disables the account).
 */
@ExtendWith(LocalAwsExtension.class)
class AccountAdminApiIT {
  private static final String TOKEN = "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.the-secret-part-nobody-may-read";
  private static final String MASKED = "MTA4****read";

  private final LocalAws aws;
  private DiscordUsersMeFake discord;
  private ApiFixture api;
  private String table;

  AccountAdminApiIT(LocalAws aws) {
    this.aws = aws;
  }

  @BeforeEach
  void start() throws Exception {
    discord = new DiscordUsersMeFake(TOKEN);
    table = aws.newAccountsTable();
    api = new ApiFixture(aws, Map.of("DISCORD_API_URL", discord.apiUrl(), "OUTBOUND_ADDRESS_POLICY", "public-and-loopback"),
        TaskAdmission.acceptingAll(), table);
  }

  @AfterEach
  void stop() {
    discord.close();
  }

  private Map<String, Object> account(String channelId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("guildId", "1082500871009689660");
    body.put("channelId", channelId);
    body.put("userToken", TOKEN);
    body.put("remark", "team A");
    body.put("modes", List.of("FAST", "TURBO"));
    return body;
  }

  @Test
  void createListFetchUpdateDeleteWithTheTokenMaskedEverywhere() {
    ApiFixture.Response created = api.post("/mj/account/create", account("1082500871009689661"), ApiFixture.ADMIN_KEY);
    assertEquals(201, created.status(), created.body());
    JsonNode a = created.json();
    assertEquals("1082500871009689661", a.get("id").asText(), "the id defaults to the channel id, as the peers'");
    assertEquals(MASKED, a.get("userToken").asText());
    assertEquals(3, a.get("coreSize").asInt());
    assertEquals(10, a.get("queueSize").asInt());
    assertEquals(5, a.get("timeoutMinutes").asInt());
    assertTrue(a.get("enable").asBoolean());
    assertEquals(List.of("FAST", "TURBO"), List.of(a.get("modes").get(0).asText(), a.get("modes").get(1).asText()));

    ApiFixture.Response list = api.get("/mj/account/list", ApiFixture.ADMIN_KEY);
    assertEquals(200, list.status(), list.body());
    assertEquals(1, list.json().size());
    ApiFixture.Response fetched = api.get("/mj/account/1082500871009689661/fetch", ApiFixture.ADMIN_KEY);
    assertEquals(a, fetched.json());
    ApiFixture.Response updated = api.post("/mj/account/1082500871009689661/update",
        Map.of("coreSize", 12, "queueSize", 0, "remark", "pro plan", "remix", true), ApiFixture.ADMIN_KEY);
    assertEquals(200, updated.status(), updated.body());
    assertEquals(12, updated.json().get("coreSize").asInt());
    assertEquals(0, updated.json().get("queueSize").asInt());
    assertEquals("pro plan", updated.json().get("remark").asText());
    assertEquals(MASKED, updated.json().get("userToken").asText(), "an update without a token keeps it");
    ApiFixture.Response newToken = api.post("/mj/account/1082500871009689661/update",
        Map.of("userToken", "OTk5OTk5OTk5OTk5OTk5OTk5.AbCdEf.another-token-of-this-account"), ApiFixture.ADMIN_KEY);
    assertEquals("OTk5****ount", newToken.json().get("userToken").asText());

    for (ApiFixture.Response r : List.of(created, list, fetched, updated, newToken)) {
      assertFalse(r.body().contains("the-secret-part"), r.body());
      assertFalse(r.body().contains("another-token"), r.body());
      assertFalse(r.body().contains("aes:"), "nothing sealed is shown either: " + r.body());
    }
    Map<String, AttributeValue> raw = aws.dynamo().getItem(b -> b.tableName(table)
        .key(AccountItems.key("1082500871009689661"))).item();
    assertFalse(raw.toString().contains("another-token"), raw.toString());
    assertTrue(raw.get("sealedToken").s().startsWith("aes:"));

    ApiFixture.Response again = api.post("/mj/account/create", account("1082500871009689661"), ApiFixture.ADMIN_KEY);
    assertEquals(409, again.status(), again.body());

    ApiFixture.Response deleted = api.post("/mj/account/1082500871009689661/delete", null, ApiFixture.ADMIN_KEY);
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals(404, api.get("/mj/account/1082500871009689661/fetch", ApiFixture.ADMIN_KEY).status());
    assertEquals(404, api.post("/mj/account/1082500871009689661/delete", null, ApiFixture.ADMIN_KEY).status());
    assertEquals(0, api.get("/mj/account/list", ApiFixture.ADMIN_KEY).json().size());
  }

  @Test
  void enableAndDisableWithAReason() {
    api.post("/mj/account/create", Map.of("channelId", "222", "userToken", TOKEN, "id", "acct-2"), ApiFixture.ADMIN_KEY);
    ApiFixture.Response disabled = api.post("/mj/account/acct-2/disable", Map.of("reason", "out of fast hours"), ApiFixture.ADMIN_KEY);
    assertEquals(200, disabled.status(), disabled.body());
    assertFalse(disabled.json().get("enable").asBoolean());
    assertEquals("out of fast hours", disabled.json().get("disabledReason").asText());
    ApiFixture.Response enabled = api.post("/mj/account/acct-2/enable", null, ApiFixture.ADMIN_KEY);
    assertTrue(enabled.json().get("enable").asBoolean());
    assertTrue(enabled.json().get("disabledReason").isNull());
    assertEquals(MASKED, enabled.json().get("userToken").asText());
  }

  @Test
  void tenantKeysGetTheRefusalOfTheKeyAdminRoutes() {
    api.post("/mj/account/create", Map.of("channelId", "333", "userToken", TOKEN), ApiFixture.ADMIN_KEY);
    String user = api.userKey("acme");
    ApiFixture.Response keys = api.get("/mj/admin/api-keys", user);
    assertEquals(403, keys.status());
    List<ApiFixture.Response> refused = List.of(
        api.post("/mj/account/create", Map.of("channelId", "334", "userToken", TOKEN), user),
        api.get("/mj/account/list", user),
        api.get("/mj/account/333/fetch", user),
        api.post("/mj/account/333/update", Map.of("coreSize", 1), user),
        api.post("/mj/account/333/enable", null, user),
        api.post("/mj/account/333/disable", null, user),
        api.post("/mj/account/333/delete", null, user),
        api.post("/mj/account/333/check", null, user),
        api.get("/mj-fast/mj/account/list", user));
    for (ApiFixture.Response r : refused) {
      assertEquals(keys.status(), r.status(), r.body());
      assertEquals(keys.body(), r.body());
    }
    assertEquals(401, api.get("/mj/account/list", null).status());
    assertEquals(1, api.get("/mj/account/list", ApiFixture.ADMIN_KEY).json().size(), "nothing was created or deleted");
    assertTrue(api.get("/mj/account/333/fetch", ApiFixture.ADMIN_KEY).json().get("enable").asBoolean());
    assertTrue(discord.authorizations.isEmpty(), "no check ran");
  }

  @Test
  void badInputIs400NamingTheFieldAndStoresNothing() {
    Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
    bad.put("channelId", Map.of("userToken", TOKEN));
    bad.put("userToken", Map.of("channelId", "444"));
    bad.put("guildId", Map.of("channelId", "444", "userToken", TOKEN, "guildId", "not-a-number"));
    bad.put("coreSize", Map.of("channelId", "444", "userToken", TOKEN, "coreSize", 0));
    bad.put("queueSize", Map.of("channelId", "444", "userToken", TOKEN, "queueSize", 1000));
    bad.put("modes", Map.of("channelId", "444", "userToken", TOKEN, "modes", List.of("FAST", "SLOW")));
    bad.put("id", Map.of("channelId", "444", "userToken", TOKEN, "id", "../x"));
    bad.put("remix", Map.of("channelId", "444", "userToken", TOKEN, "remix", "yes"));
    bad.put("userAgent", Map.of("channelId", "444", "userToken", TOKEN, "userAgent", "a\r\nX-Evil: 1"));
    for (Map.Entry<String, Map<String, Object>> e : bad.entrySet()) {
      ApiFixture.Response r = api.post("/mj/account/create", e.getValue(), ApiFixture.ADMIN_KEY);
      assertEquals(400, r.status(), e.getKey() + ": " + r.body());
      assertTrue(r.json().get("description").asText().contains(e.getKey()), e.getKey() + ": " + r.body());
    }
    ApiFixture.Response shortToken = api.post("/mj/account/create", Map.of("channelId", "444", "userToken", "tiny secret"),
        ApiFixture.ADMIN_KEY);
    assertEquals(400, shortToken.status());
    assertFalse(shortToken.body().contains("tiny secret"), "a refused token is not echoed: " + shortToken.body());
    assertEquals(0, api.get("/mj/account/list", ApiFixture.ADMIN_KEY).json().size(), "nothing half-stored");

    api.post("/mj/account/create", Map.of("channelId", "555", "userToken", TOKEN), ApiFixture.ADMIN_KEY);
    JsonNode before = api.get("/mj/account/555/fetch", ApiFixture.ADMIN_KEY).json();
    ApiFixture.Response badUpdate = api.post("/mj/account/555/update", Map.of("remark", "kept?", "coreSize", 99), ApiFixture.ADMIN_KEY);
    assertEquals(400, badUpdate.status());
    assertTrue(badUpdate.body().contains("coreSize"), badUpdate.body());
    assertEquals(before, api.get("/mj/account/555/fetch", ApiFixture.ADMIN_KEY).json(), "a refused update changes nothing");
    assertEquals(400, api.post("/mj/account/555/update", "not json", ApiFixture.ADMIN_KEY).status());
    // An unquoted token makes the body invalid JSON: the answer says where, never what it read there.
    String[] unquoted = {"/mj/account/create", "/mj/account/555/update", "/mj/submit/imagine"};
    for (String path : unquoted) {
      ApiFixture.Response malformed = api.post(path, "{\"channelId\":\"556\",\n \"userToken\": " + TOKEN + "}", ApiFixture.ADMIN_KEY);
      assertEquals(400, malformed.status(), path + ": " + malformed.body());
      assertTrue(malformed.json().get("description").asText().contains("line 2"), path + ": " + malformed.body());
      for (String fragment : List.of("MTA4", "GxYz12", "secret", "nobody")) {
        assertFalse(malformed.body().contains(fragment), path + " echoes '" + fragment + "': " + malformed.body());
      }
    }
    assertEquals(404, api.post("/mj/account/nobody/update", Map.of("coreSize", 2), ApiFixture.ADMIN_KEY).status());
  }

  @Test
  void checkSaysWhoTheTokenIsAndA401DisablesTheAccount() {
    api.post("/mj/account/create", Map.of("channelId", "666", "userToken", TOKEN), ApiFixture.ADMIN_KEY);
    ApiFixture.Response ok = api.post("/mj/account/666/check", null, ApiFixture.ADMIN_KEY);
    assertEquals(200, ok.status(), ok.body());
    assertTrue(ok.json().get("ok").asBoolean(), ok.body());
    assertEquals("80351110224678912", ok.json().get("user").get("id").asText());
    assertEquals("nelly", ok.json().get("user").get("username").asText());
    assertFalse(ok.body().contains("the-secret-part"), ok.body());
    assertEquals(List.of(TOKEN), discord.authorizations, "the raw token, no Bearer prefix, only to Discord");

    api.post("/mj/account/create", Map.of("channelId", "777",
        "userToken", "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.a-token-discord-no-longer-takes"), ApiFixture.ADMIN_KEY);
    ApiFixture.Response refused = api.post("/mj/account/777/check", null, ApiFixture.ADMIN_KEY);
    assertEquals(200, refused.status(), refused.body());
    assertFalse(refused.json().get("ok").asBoolean());
    assertEquals(401, refused.json().get("status").asInt());
    assertTrue(refused.json().get("message").asText().contains("refused the token"), refused.body());
    JsonNode account = api.get("/mj/account/777/fetch", ApiFixture.ADMIN_KEY).json();
    assertFalse(account.get("enable").asBoolean());
    assertTrue(account.get("disabledReason").asText().contains("401"), account.toString());
    assertFalse(refused.body().contains("no-longer-takes"), refused.body());
  }
}
