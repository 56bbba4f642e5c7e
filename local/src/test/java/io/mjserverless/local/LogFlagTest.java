package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogFlagTest {
  @Test
  void logTakesJsonOrPretty() {
    assertEquals(Optional.of(Log.Format.PRETTY), Main.logFormat("pretty"));
    assertEquals(Optional.of(Log.Format.JSON), Main.logFormat("JSON"));
    assertEquals(Optional.empty(), Main.logFormat(null));
  }

  @Test
  void anythingElseIsAUsageErrorBeforeAnythingStarts() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"serve", "--log", "xml"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--log must be json or pretty, got 'xml'"), err.toString());
  }
}
