package io.mjserverless.core.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.task.Mode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RouterTest {

  @ParameterizedTest
  @EnumSource(Operation.class)
  void everyOperationMatchesItsOwnPathWithAndWithoutModePrefix(Operation op) {
    String path = op.path().replace("{id}", "1763800000000000001");
    Router.Match plain = Router.route(op.method(), path);
    assertEquals(op, plain.operation());
    assertEquals(Optional.empty(), plain.pathMode());
    for (Mode mode : Mode.values()) {
      Router.Match prefixed = Router.route(op.method(), "/" + mode.pathSegment() + path);
      assertEquals(op, prefixed.operation());
      assertEquals(Optional.of(mode), prefixed.pathMode());
    }
  }

  @Test
  void pathIdIsExtractedAndDecoded() {
    assertEquals(Optional.of("123"), Router.route("GET", "/mj/task/123/fetch").id());
    assertEquals(Optional.of("a b"), Router.route("DELETE", "/mj/admin/api-keys/a%20b").id());
  }

  @Test
  void trailingSlashIsTolerated() {
    assertEquals(Operation.LIST, Router.route("GET", "/mj/task/list/").operation());
  }

  @Test
  void unknownModeSegmentIsNotFound() {
    HttpError e = assertThrows(HttpError.class, () -> Router.route("POST", "/mj-slow/mj/submit/imagine"));
    assertEquals(404, e.status());
    assertTrue(e.getMessage().contains("mj-slow"));
  }

  @Test
  void unknownPathIsNotFoundAndWrongMethodIsNotAllowed() {
    assertEquals(404, assertThrows(HttpError.class, () -> Router.route("GET", "/mj/nothing")).status());
    assertEquals(404, assertThrows(HttpError.class, () -> Router.route("GET", "/")).status());
    assertEquals(404, assertThrows(HttpError.class, () -> Router.route("GET", "/mj/task//fetch")).status());
    HttpError wrongMethod = assertThrows(HttpError.class, () -> Router.route("GET", "/mj/submit/imagine"));
    assertEquals(405, wrongMethod.status());
    assertTrue(wrongMethod.getMessage().contains("POST"));
  }
}
