package io.mjserverless.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The one way a picture from outside (a client's input, an upload, a provider's result or preview)
 * becomes pixels. A few hundred kilobytes of PNG can declare 16000x16000 pixels, a gigabyte once
 * decoded; so the size is read from the headers first and a picture above {@link #MAX_PIXELS} is
 * refused before any pixel buffer exists. Only the first frame of an animated GIF or WebP is decoded,
 * and metadata (text chunks, ICC profiles, which can be compressed bombs of their own) is skipped.
 */
public final class ImageDecoder {
  /**
   * The largest picture decoded: a 4096x4096 upscale is 16.8 megapixels, so 40 leaves room while
   * bounding one decode to about 160 MB of RGBA, well within a workflow function's memory.
   */
  public static final long MAX_PIXELS = 40_000_000L;

  private ImageDecoder() {}

  /**
   * Refuses a picture whose headers declare more than {@link #MAX_PIXELS}, without decoding any pixel.
   * Both our own header reading and the decoder's are asked (a GIF's screen and its first frame may
   * differ); headers neither can read pass here and are refused by {@link #decode} if they are broken.
   */
  public static void requireWithinLimit(DecodedImage image) {
    ImageDimensions.read(image).ifPresent(size -> requireWithinLimit(size[0], size[1]));
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image.bytes()))) {
      Optional<ImageReader> reader = readerFor(in);
      if (reader.isPresent()) {
        try {
          reader.get().setInput(in, true, true);
          requireWithinLimit(reader.get().getWidth(0), reader.get().getHeight(0));
        } finally {
          reader.get().dispose();
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      if (unreadable instanceof ImageRefusedException refused) {
        throw refused;
      }
      // A header the decoder cannot read is not a size we can judge; decoding will refuse it.
    }
  }

  /** Decodes the first frame; a refusal carries a reason a person can read. */
  public static BufferedImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new ImageRefusedException("is empty");
    }
    DecodedImage sniffed = new DecodedImage(bytes,
        ImageFormat.sniff(bytes).orElseThrow(() -> new ImageRefusedException("is not a PNG, JPEG, WebP or GIF image")));
    // Our own header reading first: it also sees a GIF's logical screen, which the decoder does not report.
    ImageDimensions.read(sniffed).ifPresent(size -> requireWithinLimit(size[0], size[1]));
    return decode(new ByteArrayInputStream(bytes));
  }

  /** Decodes the first frame of a stream (a result being copied); a refusal carries a readable reason. */
  public static BufferedImage decode(InputStream source) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(source)) {
      ImageReader reader = readerFor(in).orElseThrow(
          () -> new ImageRefusedException("is not a PNG, JPEG, WebP or GIF image"));
      try {
        reader.setInput(in, true, true);
        requireWithinLimit(reader.getWidth(0), reader.getHeight(0));
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw new ImageRefusedException("cannot be decoded");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (ImageRefusedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Corrupt data makes decoders throw anything from IIOException to ArrayIndexOutOfBounds; what
      // went wrong inside a decoder means nothing to a client, so the cause is kept for the log only.
      throw new ImageRefusedException("cannot be decoded", e);
    } catch (OutOfMemoryError e) {
      // Within the pixel cap this should not happen; if it does, the picture is refused, not the JVM.
      throw new ImageRefusedException("is too large to decode", e);
    }
  }

  private static Optional<ImageReader> readerFor(ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    return readers.hasNext() ? Optional.of(readers.next()) : Optional.empty();
  }

  private static void requireWithinLimit(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new ImageRefusedException("declares an impossible size of " + width + "x" + height + " pixels");
    }
    if ((long) width * height > MAX_PIXELS) {
      throw new ImageRefusedException("is too large: " + width + "x" + height + " pixels, more than the "
          + MAX_PIXELS / 1_000_000 + " megapixels allowed");
    }
  }
}
