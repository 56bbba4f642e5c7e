package io.mjserverless.core.image;

import java.net.URI;

/** An image as a request gives it: inline bytes (a data URI or bare base64) or a link to fetch later. */
public sealed interface ImageInput {
  record Inline(DecodedImage image) implements ImageInput {}

  record Remote(URI url) implements ImageInput {}
}
