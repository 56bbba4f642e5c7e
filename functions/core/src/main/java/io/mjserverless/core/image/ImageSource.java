package io.mjserverless.core.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * A result image to copy into our bucket without holding it whole in memory where the source can
 * stream (an upstream URL); the simulator hands over bytes it has just encoded.
 */
public interface ImageSource {
  /** Opens the image; each call starts from the beginning. */
  InputStream open() throws IOException;

  /** The length in bytes when known in advance (lets S3 stream without buffering), else -1. */
  long contentLength();

  String contentType();

  static ImageSource ofBytes(byte[] bytes, String contentType) {
    return new ImageSource() {
      @Override
      public InputStream open() {
        return new java.io.ByteArrayInputStream(bytes);
      }

      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public String contentType() {
        return contentType;
      }
    };
  }
}
