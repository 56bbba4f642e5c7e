package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.discord.DiscordAccount;
import io.mjserverless.core.engine.discord.DiscordEngine;
import io.mjserverless.core.engine.discord.DiscordEngines;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.testing.FakeDiscord;
import io.mjserverless.core.testing.FakeDiscord.Behaviour;
import io.mjserverless.core.testing.InMemoryAccountPool;
import io.mjserverless.core.testing.InMemoryIdempotencyStore;
import io.mjserverless.core.testing.LocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on the discord engine with the fake Discord on loopback and an in-memory account pool
 * (the product's pool lives in DynamoDB and has its own tests).
 */
class DiscordConformanceIT extends EngineConformance {
  static final String TOKEN = "conformance-user-token";
  static final String USER = "590422081204912129";
  static final String CHANNEL = "1100000000000000001";
  private final FakeDiscord discord = FakeDiscord.start().account(TOKEN, USER, CHANNEL).jobMillis(20_000).quadrantSide(32);
  private DiscordEngine engine;

  DiscordConformanceIT(LocalAws aws) {
    super(aws);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("DISCORD_API_URL", discord.apiUrl(), "DISCORD_TIMEOUT_SECONDS", "3");
  }

  @Override
  protected WorkflowFixture.FastEngine fastEngine() {
    return (config, images, tasks, clock) -> {
      InMemoryAccountPool pool = new InMemoryAccountPool(clock::millis)
          .add(new DiscordAccount("acct-1", "1000000000000000001", CHANNEL, null, null, TOKEN), 3).parents(tasks::get);
      engine = DiscordEngines.create(config.discord(), OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, pool, images,
          new RemoteImages(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK), tasks, new InMemoryIdempotencyStore(), clock);
      return engine;
    };
  }

  @Override
  protected void attach(WorkflowFixture fixture) {
    discord.clock(fixture.clock::millis);
  }

  @Override
  protected void stopProvider() {
    discord.close();
  }

  @Override
  protected void refuseNextImagine() {
    discord.behave(USER, Behaviour.BANNED);
  }

  @Override
  protected void stallNextImagine() {
    discord.behave(USER, Behaviour.STALL);
  }

  /** Vary (Region) needs a modal whose id only the gateway tells: the engine refuses it at submit with code 4. */
  @Override
  @Test
  void varyRegionWaitsForItsModalThenRuns() {
    Task region = Task.builder().id("region").tenant("t").action(TaskAction.VARIATION).parentId("p")
        .customId("MJ::Inpaint::1::0f0e0d0c-1111-2222-3333-444455556666::SOLO").build();
    Admission.Refused refused = assertInstanceOf(Admission.Refused.class, engine.admit(region, null));
    assertEquals(4, refused.code());
    assertTrue(refused.description().contains("gateway"), refused.description());
    cannot("run Vary (Region)", refused.description());
  }
}
