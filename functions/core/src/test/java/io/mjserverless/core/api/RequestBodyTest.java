package io.mjserverless.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A malformed body is a 400 that says where it broke and never repeats what the client sent there. */
class RequestBodyTest {

  @Test
  void malformedJsonNamesThePositionNotTheText() {
    for (String body : List.of("{\"userToken\": MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.secret}", "{\"a\": 1,\n \"b\": tru3secret}",
        "{\"a\": \"unterminated secret", "[1, 2 secret]")) {
      HttpError error = assertThrows(HttpError.class, () -> RequestBody.parse(body));
      assertEquals(400, error.status(), body);
      for (String fragment : List.of("MTA4", "GxYz12", "secret", "tru3")) {
        assertFalse(error.getMessage().contains(fragment), body + " -> " + error.getMessage());
      }
    }
    assertEquals("request body is not valid JSON at line 2, column 7",
        assertThrows(HttpError.class, () -> RequestBody.parse("{\"a\": 1,\n \"b\": x}")).getMessage());
  }
}
