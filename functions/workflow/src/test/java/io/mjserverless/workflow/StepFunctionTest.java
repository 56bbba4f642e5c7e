package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.workflow.StepFailedException;
import io.mjserverless.core.workflow.TransientStepException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What leaves a step when it fails: a plain reason for the client, the detail in the log. */
class StepFunctionTest {
  private static final String INPUT = "{\"taskId\":\"1763800000000000777\"}";

  private static final class Throwing extends StepFunction {
    private final Supplier<Throwable> fault;

    Throwing(Supplier<Throwable> fault) {
      super(null);
      this.fault = fault;
    }

    @Override
    public Object handle(JsonNode input) {
      Throwable t = fault.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) t;
    }
  }

  /** Runs the step and returns what it threw and what it logged. */
  private static Object[] run(Supplier<Throwable> fault) {
    PrintStream original = System.out;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> new Throwing(fault).handleRequest(
          new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));
      return new Object[] {thrown, log.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void anInternalFaultLeavesAsAPlainReasonAndIsLoggedWithTheTaskId() {
    Object[] r = run(() -> new IllegalArgumentException("width*height > Integer.MAX_VALUE!"));
    RuntimeException thrown = (RuntimeException) r[0];
    String log = (String) r[1];
    assertEquals(StepFailedException.class, thrown.getClass());
    assertEquals(StepFailedException.INTERNAL, thrown.getMessage());
    assertTrue(log.contains("\"taskId\":\"1763800000000000777\""), log);
    assertTrue(log.contains("java.lang.IllegalArgumentException") && log.contains("width*height"), log);
  }

  @Test
  void runningOutOfMemoryReadsAsSuch() {
    RuntimeException thrown = (RuntimeException) run(() -> new OutOfMemoryError("Java heap space"))[0];
    assertEquals(StepFailedException.OUT_OF_MEMORY, thrown.getMessage());
  }

  @Test
  void messagesWrittenForTheClientPassAsTheyAre() {
    JobRejectedException rejected = new JobRejectedException("banned prompt");
    assertSame(rejected, run(() -> rejected)[0]);
  }

  @Test
  void aStorageFaultIsRetriedWithoutItsLibrarysMessage() {
    RuntimeException thrown = (RuntimeException) run(() -> SdkClientException.create("Unable to execute HTTP request: Connection refused"))[0];
    assertEquals(TransientStepException.class, thrown.getClass());
    assertEquals("a storage call kept failing", thrown.getMessage());
  }
}
