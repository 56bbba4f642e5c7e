package io.mjserverless.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The image formats we accept, recognised by their leading bytes, never by a claimed content type. */
public enum ImageFormat {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg"),
  WEBP("image/webp", "webp"),
  GIF("image/gif", "gif");

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] JPEG_SOI = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] RIFF = ascii("RIFF");
  private static final byte[] WEBP_TAG = ascii("WEBP");
  private static final byte[] GIF87A = ascii("GIF87a");
  private static final byte[] GIF89A = ascii("GIF89a");

  private final String mimeType;
  private final String extension;

  ImageFormat(String mimeType, String extension) {
    this.mimeType = mimeType;
    this.extension = extension;
  }

  public String mimeType() {
    return mimeType;
  }

  public String extension() {
    return extension;
  }

  /**
   * The format the leading bytes announce, empty when they match none of ours. Only signatures are
   * checked: whether the rest of the file is well formed is left to whoever decodes it.
   */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    if (bytes == null) {
      return Optional.empty();
    }
    if (startsWith(bytes, 0, PNG_SIGNATURE)) {
      return Optional.of(PNG);
    }
    if (startsWith(bytes, 0, JPEG_SOI)) {
      return Optional.of(JPEG);
    }
    // RIFF is a container for many things (WAV, AVI); only the form type at offset 8 makes it WebP.
    if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP_TAG)) {
      return Optional.of(WEBP);
    }
    if (startsWith(bytes, 0, GIF87A) || startsWith(bytes, 0, GIF89A)) {
      return Optional.of(GIF);
    }
    return Optional.empty();
  }

  static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    if (bytes.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
