package io.mjserverless.core.engine.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.button.ButtonKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobMatcherTest {
  static final String USER = "590422081204912129";
  static final String MJ = BotMessage.MIDJOURNEY_BOT;
  final JobMatcher matcher = new JobMatcher(1500);
  final long t0 = 1_760_000_000_000L;
  final JobMatcher.Learned nothing = new JobMatcher.Learned(null, null);

  static String id(long millis, int seq) {
    return Long.toUnsignedString(Snowflakes.atMillis(millis) | seq);
  }

  BotMessage describeAnswer(String messageId, String interactionId) {
    return BotMessageTest.message("", "'id':'" + messageId + "','interaction_metadata':{'id':'" + interactionId
        + "','type':2,'name':'describe','user':{'id':'" + USER + "'}},'embeds':[{'description':'1\uFE0F\u20E3 a cat'}]");
  }

  private static BotMessage withId(BotMessage m, String id) {
    return new BotMessage(id, m.authorId(), m.content(), m.flags(), m.interactionId(), m.interactionName(), m.interactionUserId(),
        m.interactedMessageId(), m.referencedMessageId(), m.attachments(), m.embed(), m.buttons(), m.links());
  }

  @Test
  void twoDescribesOfOneAccountAreToldApartByTheTimeOfTheirInteractions() {
    DiscordJob first = new DiscordJob("describe", t0, "c", MJ, "", null, null, 0);
    DiscordJob second = new DiscordJob("describe", t0 + 3000, "c", MJ, "", null, null, 0);
    BotMessage a = withId(describeAnswer("0", id(t0 + 200, 1)), id(t0 + 2500, 2));
    BotMessage b = withId(describeAnswer("0", id(t0 + 3100, 3)), id(t0 + 5000, 4));
    List<BotMessage> newestFirst = List.of(b, a);
    assertEquals(a.id(), matcher.find(first, nothing, newestFirst, USER).done().orElseThrow().id());
    assertEquals(b.id(), matcher.find(second, nothing, newestFirst, USER).done().orElseThrow().id());
    // Another user's describe in the same slot is not ours.
    assertTrue(matcher.find(first, nothing, List.of(a), "42").nothing());
  }

  @Test
  void aDescribeMatchesInsideItsPostsWindowPlusTheSkewAndNeverAnInteractionAnotherTaskClaimed() {
    JobMatcher tight = new JobMatcher(500);
    // POST began at t0, Discord answered 1.9 s later; it took the interaction somewhere in between.
    DiscordJob slow = new DiscordJob("describe", t0, t0 + 1900, "c", MJ, "", null, null, 0);
    BotMessage early = withId(describeAnswer("0", id(t0 + 100, 1)), id(t0 + 2500, 2));
    assertEquals(early.id(), tight.find(slow, nothing, List.of(early), USER).done().orElseThrow().id());
    BotMessage beforeSkew = withId(describeAnswer("0", id(t0 - 501, 3)), id(t0 + 2500, 4));
    assertTrue(tight.find(slow, nothing, List.of(beforeSkew), USER).nothing(), "before the POST, beyond the skew");
    BotMessage afterSkew = withId(describeAnswer("0", id(t0 + 2401, 5)), id(t0 + 3000, 6));
    assertTrue(tight.find(slow, nothing, List.of(afterSkew), USER).nothing(), "after the answer, beyond the skew");
    // Two answers in the window: the one another task claimed is never ours.
    BotMessage other = withId(describeAnswer("0", id(t0 + 50, 7)), id(t0 + 2600, 8));
    assertEquals(early.id(), tight.find(slow, nothing, List.of(other, early), USER, Set.of(other.interactionId()))
        .done().orElseThrow().id());
  }

  @Test
  void anImagineIsFoundByItsMarkerAndNotByAnotherOnesPrompt() {
    DiscordJob job = new DiscordJob("imagine", t0, "c", MJ, "[1234567890]", null, null, 0);
    BotMessage ours = withId(BotMessageTest.message("**\\\\[1234567890\\\\] a cat** - <@" + USER + "> (12%) (fast)",
        "'interaction_metadata':{'id':'" + id(t0 + 100, 1) + "','type':2,'name':'imagine','user':{'id':'" + USER + "'}}"), id(t0 + 600, 2));
    BotMessage other = withId(BotMessageTest.message("**[9999999999] a cat** - <@" + USER + "> (50%) (fast)",
        "'interaction_metadata':{'id':'" + id(t0 + 50, 3) + "','type':2,'name':'imagine','user':{'id':'" + USER + "'}}"), id(t0 + 700, 4));
    JobMatcher.Found found = matcher.find(job, nothing, List.of(other, ours), USER);
    assertEquals(ours.id(), found.progress().orElseThrow().id());
    assertEquals(ours.interactionId(), found.interactionId().orElseThrow());
  }

  @Test
  void aButtonsAnswerNeedsItsParentAndItsWords() {
    DiscordJob u2 = new DiscordJob("button", t0, "c", MJ, "", "500", ButtonKind.UPSCALE, 2);
    String meta3 = "'interaction_metadata':{'id':'" + id(t0 + 100, 1) + "','type':3,'user':{'id':'" + USER
        + "'},'interacted_message_id':'500'},'message_reference':{'message_id':'500'},"
        + "'attachments':[{'url':'https://cdn/a.png','filename':'u_x_abc.png'}],'components':[{'type':1,'components':"
        + "[{'type':2,'custom_id':'MJ::JOB::low_variation::1::abc::SOLO'}]}]";
    BotMessage image3 = withId(BotMessageTest.message("**a cat** - Image #3 <@" + USER + ">", meta3), id(t0 + 900, 2));
    BotMessage image2 = withId(BotMessageTest.message("**a cat** - Image #2 <@" + USER + ">",
        meta3.replace(id(t0 + 100, 1), id(t0 + 120, 5))), id(t0 + 1000, 6));
    assertEquals(image2.id(), matcher.find(u2, nothing, List.of(image2, image3), USER).done().orElseThrow().id());
    DiscordJob otherParent = new DiscordJob("button", t0, "c", MJ, "", "501", ButtonKind.UPSCALE, 2);
    assertTrue(matcher.find(otherParent, nothing, List.of(image2), USER).nothing());
    DiscordJob panLeft = new DiscordJob("button", t0, "c", MJ, "Left", "500", ButtonKind.PAN, 1);
    BotMessage panRight = withId(BotMessageTest.message("**a cat** - Pan Right by <@" + USER + "> (fast)", meta3), id(t0 + 900, 7));
    assertTrue(matcher.find(panLeft, nothing, List.of(panRight), USER).nothing());
  }

  @Test
  void onceLearnedTheInteractionIdIsFollowedAndOthersAreIgnored() {
    DiscordJob job = new DiscordJob("blend", t0, "c", MJ, "", null, null, 0);
    String interaction = id(t0 + 5000, 1); // outside the slot, but learned earlier
    BotMessage done = withId(BotMessageTest.message("**<https://s.mj.run/a> --ar 1:1** - <@" + USER + "> (fast)",
        "'interaction_metadata':{'id':'" + interaction + "','type':2,'name':'blend','user':{'id':'" + USER + "'}},"
            + "'attachments':[{'url':'https://cdn/a.png','filename':'u_x_abc.png'}],'components':[{'type':1,'components':"
            + "[{'type':2,'custom_id':'MJ::JOB::upsample::1::abc'}]}]"), id(t0 + 30000, 2));
    assertTrue(matcher.find(job, nothing, List.of(done), USER).nothing(), "outside the slot and not learned");
    assertEquals(done.id(), matcher.find(job, new JobMatcher.Learned(interaction, null), List.of(done), USER).done().orElseThrow().id());
  }

  @Test
  void theJobIdRoundTrips() {
    DiscordJob job = new DiscordJob("button", t0, "123", MJ, "Left", "500", ButtonKind.PAN, 1);
    assertEquals(job, DiscordJob.decode(job.encode()).orElseThrow());
    assertTrue(DiscordJob.decode("1700000000000000001").isEmpty());
  }
}
