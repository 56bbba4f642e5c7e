package io.mjserverless.core.engine.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Button;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BotMessageTest {
  static final String USER = "590422081204912129";

  static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static BotMessage message(String content, String extra) {
    return BotMessage.of(json("{'id':'1300000000000000000','author':{'id':'936929561302675456'},'content':'" + content + "'"
        + (extra.isEmpty() ? "" : "," + extra) + "}"));
  }

  @Test
  void waitingProgressAndFinalAreToldApart() {
    BotMessage waiting = message("**a cat [1234567890] --v 7** - <@" + USER + "> (Waiting to start)", "");
    assertEquals(BotMessage.Kind.WAITING, waiting.kind());
    BotMessage progress = message("**a cat --v 7** - <@" + USER + "> (37%) (fast)",
        "'attachments':[{'url':'https://cdn.discordapp.com/x/0f0e0d0c-1111-2222-3333-444455556666_grid_0.webp?ex=1','filename':"
            + "'0f0e0d0c-1111-2222-3333-444455556666_grid_0.webp'}]");
    assertEquals(BotMessage.Kind.PROGRESS, progress.kind());
    assertEquals(Optional.of(37), progress.percent());
    assertEquals(Optional.of("0f0e0d0c-1111-2222-3333-444455556666"), progress.jobHash());
    BotMessage done = message("**a cat --v 7** - <@" + USER + "> (fast)",
        "'attachments':[{'url':'https://cdn/x.png','filename':'user_a_cat_9a8b7c6d-1111-2222-3333-444455556666.png'}],"
            + "'components':[{'type':1,'components':[{'type':2,'style':2,'label':'U1','custom_id':"
            + "'MJ::JOB::upsample::1::9a8b7c6d-1111-2222-3333-444455556666'},{'type':2,'style':5,'label':'Web','url':"
            + "'https://www.midjourney.com/jobs/9a8b7c6d-1111-2222-3333-444455556666'},{'type':2,'style':2,'custom_id':'MJ::SOMETHING_NEW::1'}]}]");
    assertEquals(BotMessage.Kind.FINAL, done.kind());
    assertEquals("a cat --v 7", done.echoedPrompt());
    assertEquals(Optional.of("9a8b7c6d-1111-2222-3333-444455556666"), done.jobHash());
    // The link button carries no action and an unknown custom id cannot be pressed through our API: both left out.
    assertEquals(1, done.buttons().size());
    Button u1 = done.buttons().get(0);
    assertEquals("MJ::JOB::upsample::1::9a8b7c6d-1111-2222-3333-444455556666", u1.customId());
    assertEquals("U1", u1.label());
  }

  @Test
  void aFileNameWithoutAUuidGivesTheTextAfterTheLastUnderscore() {
    BotMessage done = message("**x** - <@1> (fast)", "'attachments':[{'url':'https://cdn/y.png','filename':'bob_a_dog_abc123.png'}],"
        + "'components':[{'type':1,'components':[{'type':2,'custom_id':'MJ::JOB::upsample::1::abc123'}]}]");
    assertEquals(Optional.of("abc123"), done.jobHash());
  }

  @Test
  void errorEmbedsAreErrorsWithTheBotsWordsButJobQueuedIsNot() {
    BotMessage banned = message("", "'embeds':[{'title':'Banned prompt detected','description':'Sorry! Our AI moderator"
        + " thinks this prompt is probably against our community standards.','color':16711680}]");
    assertEquals(BotMessage.Kind.ERROR, banned.kind());
    assertTrue(banned.errorText().startsWith("Banned prompt detected: Sorry!"), banned.errorText());
    assertEquals(Optional.of(BotError.BANNED_PROMPT), BotError.of("Banned prompt detected"));
    assertFalse(BotError.BANNED_PROMPT.accountLevel());
    assertTrue(BotError.of("Credits exhausted").orElseThrow().accountLevel());
    BotMessage queued = message("", "'embeds':[{'title':'Job queued','description':'It will start shortly','color':16776960}]");
    assertEquals(BotMessage.Kind.OTHER, queued.kind());
    assertEquals(BotMessage.Kind.ERROR, message("Failed to process your command", "").kind());
  }

  @Test
  void describeAndShortenAnswersAreReadFromTheEmbed() {
    BotMessage described = message("", "'interaction_metadata':{'id':'1','type':2,'name':'describe','user':{'id':'" + USER + "'}},"
        + "'embeds':[{'description':'1\uFE0F\u20E3 a cat\\n\\n2\uFE0F\u20E3 a dog','image':{'url':'https://cdn/in.png'}}]");
    assertEquals(BotMessage.Kind.DESCRIBED, described.kind());
    assertTrue(described.concerns(USER));
    assertFalse(described.concerns("42"));
    BotMessage shortened = message("", "'interaction_metadata':{'id':'1','type':2,'name':'shorten'},'embeds':[{'description':"
        + "'## Important tokens\\nx\\n## Shortened prompts\\n1\uFE0F\u20E3 a cat','footer':{'text':'Click on a button to imagine"
        + " one of the shortened prompts'}}]");
    assertEquals(BotMessage.Kind.SHORTENED, shortened.kind());
  }

  @Test
  void theInteractionIsReadFromMetadataOrTheOlderInteractionObject() {
    BotMessage a = message("x", "'interaction':{'id':'77','type':2,'name':'imagine','user':{'id':'5'}}");
    assertEquals("77", a.interactionId());
    assertEquals("imagine", a.interactionName());
    assertEquals("5", a.interactionUserId());
    BotMessage b = message("x", "'interaction_metadata':{'id':'78','type':3,'user':{'id':'5'},'interacted_message_id':'99'},"
        + "'message_reference':{'message_id':'99'}");
    assertEquals("78", b.interactionId());
    assertEquals("99", b.interactedMessageId());
    assertEquals("99", b.referencedMessageId());
  }

  @Test
  void theMarkerIsStrippedFromWhatClientsSeeEvenWhenEscaped() {
    assertEquals("a cat --ar 2:3", Markers.strip("\\[1234567890\\] a cat --ar 2:3", "[1234567890]"));
    assertEquals("<https://s.mj.run/x> a cat", Markers.strip("<https://s.mj.run/x> [1234567890] a cat", "[1234567890]"));
    assertEquals("https://b/x.png [1234567890] a cat --fast", Markers.insert("https://b/x.png a cat --fast", "[1234567890]"));
    assertEquals("[1234567890] a cat", Markers.insert("a cat", "[1234567890]"));
    // A button's answer echoes the marker of the imagine it descends from: clients never see that one either.
    assertEquals("a cat --v 7", Markers.strip("**".substring(2) + "\\[1234567890\\] a cat --v 7", "Left"));
  }
}
