package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.SampleEventData;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in events/ (what users pass to `sam local invoke`) runs through its function and gets
 * the answer it is meant to show. The tasks and key the files name are seeded first.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsIT {
  /** The expected answer of each event: HTTP status, and the envelope code where there is one. */
  static final Map<String, int[]> EXPECTED = Map.ofEntries(
      Map.entry("submit-imagine.json", new int[] {200, 1}),
      Map.entry("submit-imagine-relax.json", new int[] {200, 1}),
      Map.entry("submit-imagine-images.json", new int[] {200, 1}),
      Map.entry("submit-blend.json", new int[] {200, 1}),
      Map.entry("submit-describe.json", new int[] {200, 1}),
      Map.entry("submit-describe-link.json", new int[] {200, 1}),
      Map.entry("submit-shorten.json", new int[] {200, 1}),
      Map.entry("insight-face-swap.json", new int[] {200, 1}),
      Map.entry("submit-upload-discord-images.json", new int[] {200, 1}),
      Map.entry("submit-upload-url.json", new int[] {200, 1}),
      Map.entry("submit-action.json", new int[] {200, 1}),
      Map.entry("submit-action-fast.json", new int[] {200, 1}),
      Map.entry("submit-modal.json", new int[] {200, 1}),
      Map.entry("submit-change.json", new int[] {200, 1}),
      Map.entry("submit-simple-change.json", new int[] {200, 1}),
      Map.entry("task-fetch.json", new int[] {200, -1}),
      Map.entry("task-fetch-turbo.json", new int[] {200, -1}),
      Map.entry("task-list-by-condition.json", new int[] {200, -1}),
      Map.entry("task-list.json", new int[] {200, -1}),
      Map.entry("task-queue.json", new int[] {200, -1}),
      Map.entry("task-image-seed.json", new int[] {200, 1}),
      Map.entry("task-cancel.json", new int[] {200, 1}),
      Map.entry("admin-create-key.json", new int[] {201, -1}),
      Map.entry("admin-list-keys.json", new int[] {200, -1}),
      Map.entry("admin-revoke-key.json", new int[] {200, -1}),
      Map.entry("admin-list-accounts.json", new int[] {200, -1}),
      Map.entry("admin-create-account.json", new int[] {201, -1}),
      Map.entry("unknown-route.json", new int[] {404, -1}));

  private ApiFixture api;

  @BeforeAll
  void seed(LocalAws aws) {
    api = new ApiFixture(aws);
    SampleEventData.seed(api.tasks, new DynamoApiKeyStore(aws.dynamo(), aws.keysTable()));
  }

  static Stream<String> eventFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../../events"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void everyEventFileHasAnExpectation() throws IOException {
    assertEquals(EXPECTED.keySet().stream().sorted().toList(), eventFiles().toList());
  }

  @ParameterizedTest
  @MethodSource("eventFiles")
  void eachEventGetsItsAnswer(String file) {
    ApiFixture.Response r = api.call(ApiFixture.event(file));
    int[] expected = EXPECTED.get(file);
    assertEquals(expected[0], r.status(), file + ": " + r.body());
    assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
    if (expected[1] >= 0) {
      assertEquals(expected[1], r.code(), file + ": " + r.body());
    }
    if (file.equals("task-list-by-condition.json")) {
      assertEquals(List.of(SampleEventData.PARENT_ID), List.of(r.json().get(0).get("id").asText()));
      assertEquals(1, r.json().size());
    }
  }
}
