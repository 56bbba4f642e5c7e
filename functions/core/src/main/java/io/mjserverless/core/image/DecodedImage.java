package io.mjserverless.core.image;

/** Image bytes whose format was verified from their content. */
public record DecodedImage(byte[] bytes, ImageFormat format) {
  public int size() {
    return bytes.length;
  }
}
