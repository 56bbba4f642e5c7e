package io.mjserverless.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReasonTextTest {
  @Test
  void plainReasonsPassUnchanged() {
    for (String plain : new String[] {
        "banned prompt: the prompt has the banned word 'gore'",
        "Unrecognized parameter(s): --foo",
        "the TURBO mode's deadline of 10 minutes passed",
        "HTTP 403 from the provider's image link: This content is no longer available.",
        "the image at base64Array[1] is 16000x16000 pixels; at most 40 megapixels are read"}) {
      assertEquals(plain, ReasonText.clean(plain));
    }
    assertNull(ReasonText.clean(null));
  }

  @Test
  void javaClassNamesAndStackFramesAreRemoved() {
    assertEquals("cannot read image: width*height > Integer.MAX_VALUE!",
        ReasonText.clean("cannot read image: java.lang.IllegalArgumentException: width*height > Integer.MAX_VALUE!"));
    assertEquals("Connection reset",
        ReasonText.clean("java.io.IOException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:1)"));
    assertEquals("the image could not be copied: Read timed out",
        ReasonText.clean("the image could not be copied: SocketTimeoutException: Read timed out"));
    String reason = ReasonText.clean("io.mjserverless.core.workflow.TransientStepException: a storage call kept failing");
    assertEquals("a storage call kept failing", reason);
  }

  @Test
  void awsRequestIdsAreRemoved() {
    String raw = "cannot read the image for images/1/grid.png: The specified key does not exist. (Service: S3, Status Code: 404, "
        + "Request ID: 4442587FB7D0A2F9, Extended Request ID: +OlSvtbmEXAMPLE=)";
    String clean = ReasonText.clean(raw);
    assertFalse(clean.contains("Request ID"), clean);
    assertFalse(clean.contains("4442587FB7D0A2F9"), clean);
    assertTrue(clean.startsWith("cannot read the image for images/1/grid.png: The specified key does not exist"), clean);
  }

  @Test
  void memoryErrorsReadAsPlainWords() {
    assertEquals("not enough memory", ReasonText.clean("java.lang.OutOfMemoryError: Java heap space"));
  }

  @Test
  void aReasonOfNothingButInternalsBecomesGenericAndLongOnesAreCapped() {
    assertEquals("the task failed because of an internal error", ReasonText.clean("java.lang.NullPointerException"));
    assertEquals(ReasonText.MAX_LENGTH + 3, ReasonText.clean("x".repeat(5000)).length());
  }
}
