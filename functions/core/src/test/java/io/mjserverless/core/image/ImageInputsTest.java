package io.mjserverless.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.ValidationException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageInputsTest {
  private static final long TEN_MB = 10L * 1024 * 1024;
  private final ImageInputs inputs = new ImageInputs(TEN_MB);

  // ---- sample images, shared with ImageDimensionsTest ----

  /** A real image written by ImageIO ("png", "jpeg" or "gif"). */
  static byte[] imageIo(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A lossless WebP header: RIFF, WEBP, a VP8L chunk with the 0x2F signature and packed size. */
  static byte[] webpLossless(int width, int height) {
    byte[] data = new byte[10];
    data[0] = 0x2F;
    int bits = (width - 1) | ((height - 1) << 14); // alpha hint and version bits left 0
    putLe(data, 1, bits, 4);
    return riff("VP8L", data);
  }

  static byte[] riff(String fourcc, byte[] chunkData) {
    byte[] out = new byte[20 + chunkData.length];
    put(out, 0, "RIFF");
    putLe(out, 4, out.length - 8, 4);
    put(out, 8, "WEBP");
    put(out, 12, fourcc);
    putLe(out, 16, chunkData.length, 4);
    System.arraycopy(chunkData, 0, out, 20, chunkData.length);
    return out;
  }

  static void put(byte[] b, int at, String ascii) {
    byte[] s = ascii.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(s, 0, b, at, s.length);
  }

  static void putLe(byte[] b, int at, int value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      b[at + i] = (byte) (value >>> (8 * i));
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static DecodedImage inline(ImageInput input) {
    return assertInstanceOf(ImageInput.Inline.class, input).image();
  }

  private static ValidationException refused(Runnable call) {
    return assertThrows(ValidationException.class, call::run);
  }

  // ---- data URIs ----

  @Test
  void acceptsDataUrisOfEachFormat() {
    byte[] png = imageIo("png", 37, 23);
    byte[] jpeg = imageIo("jpeg", 37, 23);
    byte[] gif = imageIo("gif", 37, 23);
    byte[] webp = webpLossless(37, 23);

    DecodedImage p = inline(inputs.parse("base64", "data:image/png;base64," + b64(png), false));
    assertEquals(ImageFormat.PNG, p.format());
    assertArrayEquals(png, p.bytes());
    assertEquals(
        ImageFormat.JPEG,
        inline(inputs.parse("base64", "data:image/jpeg;base64," + b64(jpeg), false)).format());
    assertEquals(
        ImageFormat.GIF,
        inline(inputs.parse("base64", "data:image/gif;base64," + b64(gif), false)).format());
    DecodedImage w = inline(inputs.parse("base64", "data:image/webp;base64," + b64(webp), false));
    assertEquals(ImageFormat.WEBP, w.format());
    assertArrayEquals(webp, w.bytes());
  }

  @Test
  void theBytesDecideTheFormatNotTheDeclaredType() {
    byte[] png = imageIo("png", 5, 5);
    DecodedImage lying = inline(inputs.parse("base64", "data:image/jpeg;base64," + b64(png), false));
    assertEquals(ImageFormat.PNG, lying.format());
    DecodedImage untyped = inline(inputs.parse("base64", "data:;base64," + b64(png), false));
    assertEquals(ImageFormat.PNG, untyped.format());
    DecodedImage upper = inline(inputs.parse("base64", "DATA:IMAGE/PNG;BASE64," + b64(png), false));
    assertArrayEquals(png, upper.bytes());
    DecodedImage withParam =
        inline(inputs.parse("base64", "data:image/png;name=cat.png;base64," + b64(png), false));
    assertArrayEquals(png, withParam.bytes());
  }

  @Test
  void refusesMalformedDataUris() {
    String payload = b64(imageIo("png", 5, 5));
    assertEquals(
        "base64 must be an image/* data URI",
        refused(() -> inputs.parse("base64", "data:text/plain;base64," + payload, false))
            .getMessage());
    assertEquals(
        "base64 data URI must be base64-encoded",
        refused(() -> inputs.parse("base64", "data:image/png," + payload, false)).getMessage());
    assertEquals(
        "base64 is not a valid data URI",
        refused(() -> inputs.parse("base64", "data:image/png;base64" + payload, false))
            .getMessage());
    assertEquals(
        "base64 is empty",
        refused(() -> inputs.parse("base64", "data:image/png;base64,", false)).getMessage());
    assertEquals(
        "base64 is not valid base64",
        refused(() -> inputs.parse("base64", "data:image/png;base64,%89PNG", false)).getMessage());
  }

  // ---- bare base64 ----

  @Test
  void acceptsBareBase64() {
    byte[] gif = imageIo("gif", 37, 23);
    DecodedImage image = inline(inputs.parse("base64", b64(gif), false));
    assertEquals(ImageFormat.GIF, image.format());
    assertArrayEquals(gif, image.bytes());
    assertEquals(gif.length, image.size());
  }

  @Test
  void toleratesWhitespaceLineBreaksAndMissingPadding() {
    byte[] jpeg = imageIo("jpeg", 37, 23);
    String wrapped = Base64.getMimeEncoder().encodeToString(jpeg); // CRLF every 76 characters
    assertTrue(wrapped.contains("\r\n"));
    assertArrayEquals(jpeg, inline(inputs.parse("base64", wrapped, false)).bytes());
    String spaced = "  \n" + b64(jpeg).replaceAll("(.{50})", "$1 \t\n") + "\n ";
    assertArrayEquals(jpeg, inline(inputs.parse("base64", spaced, false)).bytes());
    String unpadded = Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(jpeg, 301));
    assertArrayEquals(
        Arrays.copyOf(jpeg, 301), inline(inputs.parse("base64", unpadded, false)).bytes());
  }

  @Test
  void acceptsUrlSafeBase64() {
    byte[] png = imageIo("png", 4, 4);
    // Pad to a multiple of 3, then add bytes that encode to "++//" in the standard alphabet.
    byte[] bytes = Arrays.copyOf(png, (png.length + 2) / 3 * 3 + 3);
    bytes[bytes.length - 3] = (byte) 0xFB;
    bytes[bytes.length - 2] = (byte) 0xEF;
    bytes[bytes.length - 1] = (byte) 0xFF;
    String urlSafe = Base64.getUrlEncoder().encodeToString(bytes);
    assertTrue(urlSafe.endsWith("--__"));
    assertArrayEquals(bytes, inline(inputs.parse("base64", urlSafe, false)).bytes());
    assertArrayEquals(
        bytes, inline(inputs.parse("base64", "data:image/png;base64," + urlSafe, false)).bytes());
    // Mixing both alphabets is not base64 at all.
    String mixed = Base64.getEncoder().encodeToString(bytes).replaceFirst("\\+\\+", "--");
    assertEquals(
        "base64 is not valid base64",
        refused(() -> inputs.parse("base64", mixed, false)).getMessage());
  }

  @Test
  void refusesTextThatIsNotBase64() {
    ValidationException e = refused(() -> inputs.parse("base64", "hello, world!", false));
    assertEquals("base64 is not valid base64", e.getMessage());
    assertEquals("base64", e.field());
    assertEquals(
        "base64 is not valid base64",
        refused(() -> inputs.parse("base64", "iVBORw0KG", false)).getMessage()); // 9 chars: cut short
    assertEquals(
        "link is neither an http(s) URL nor valid base64",
        refused(() -> inputs.parse("link", "www.example.com/cat.png", true)).getMessage());
  }

  @Test
  void refusesBytesThatAreNotAnImage() {
    String pdf = b64("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".getBytes(StandardCharsets.US_ASCII));
    ValidationException e = refused(() -> inputs.parse("sourceBase64", pdf, true));
    assertEquals("sourceBase64 is not a PNG, JPEG, WebP or GIF image", e.getMessage());
    assertEquals("sourceBase64", e.field());
    assertEquals(
        "targetBase64 is not a PNG, JPEG, WebP or GIF image",
        refused(() -> inputs.parse("targetBase64", "data:image/png;base64," + pdf, false))
            .getMessage());
  }

  // ---- URLs ----

  @Test
  void acceptsHttpAndHttpsUrlsWhenAllowed() {
    ImageInput https = inputs.parse("link", "https://cdn.example.com/a/cat.png?x=1", true);
    assertEquals(
        URI.create("https://cdn.example.com/a/cat.png?x=1"),
        assertInstanceOf(ImageInput.Remote.class, https).url());
    ImageInput http = inputs.parse("base64Array[0]", "  http://example.com:8080/dog.webp ", true);
    assertEquals(
        URI.create("http://example.com:8080/dog.webp"),
        assertInstanceOf(ImageInput.Remote.class, http).url());
  }

  @Test
  void refusesUrlsWhereOnlyInlineImagesAreAllowed() {
    ValidationException e =
        refused(() -> inputs.parse("base64", "https://example.com/cat.png", false));
    assertEquals("base64 must be a data URI or base64, not a URL", e.getMessage());
    assertEquals(
        "maskBase64 must be a data URI or base64, not a URL",
        refused(() -> inputs.requireInline("maskBase64", "http://example.com/m.png"))
            .getMessage());
  }

  @Test
  void refusesUrlsThatAreNotHttp() {
    assertEquals(
        "link must be an http(s) URL",
        refused(() -> inputs.parse("link", "ftp://example.com/cat.png", true)).getMessage());
    assertEquals(
        "link must be an http(s) URL",
        refused(() -> inputs.parse("link", "file:///etc/passwd", true)).getMessage());
    assertEquals(
        "link must be an http(s) URL",
        refused(() -> inputs.parse("link", "https:/no-host/cat.png", true)).getMessage());
    assertEquals(
        "link must be an http(s) URL",
        refused(() -> inputs.parse("link", "https://exa mple.com/cat.png", true)).getMessage());
  }

  @Test
  void refusesUrlsLongerThan2048Characters() {
    String base = "https://example.com/";
    String atLimit = base + "a".repeat(2048 - base.length());
    assertInstanceOf(ImageInput.Remote.class, inputs.parse("link", atLimit, true));
    assertEquals(
        "link is longer than 2048 characters",
        refused(() -> inputs.parse("link", atLimit + "a", true)).getMessage());
  }

  // ---- size limit ----

  @Test
  void refusesAHugeStringBeforeDecodingIt() {
    ImageInputs small = new ImageInputs(1000);
    // Not base64 at all (the "!" at the end), yet refused for its size: the decoder never ran.
    String huge = "A".repeat(200_000) + "!";
    ValidationException e = refused(() -> small.parse("base64", huge, false));
    assertEquals("base64 is larger than 1000 bytes", e.getMessage());
    assertEquals(
        "base64 is larger than 1000 bytes",
        refused(() -> small.parse("base64", "data:image/png;base64," + huge, false)).getMessage());
    // The estimate stops counting once past the limit.
    assertTrue(ImageInputs.minDecodedSize(huge, 0, 1000) <= 1002);
  }

  @Test
  void theMessageNamesTheConfiguredLimit() {
    byte[] big = Arrays.copyOf(imageIo("png", 8, 8), (int) TEN_MB + 3);
    ValidationException e = refused(() -> inputs.parse("base64", b64(big), false));
    assertEquals("base64 is larger than 10485760 bytes", e.getMessage());
  }

  @Test
  void refusesDecodedBytesOverTheLimitThatTheEstimateLetThrough() {
    byte[] png = imageIo("png", 6, 6);
    byte[] bytes = Arrays.copyOf(png, (png.length + 2) / 3 * 3); // no padding in its encoding
    String encoded = b64(bytes);
    long limit = bytes.length - 1;
    // The estimate allows for padding it cannot see, so it stays under the limit...
    assertTrue(ImageInputs.minDecodedSize(encoded, 0, limit) <= limit);
    // ...and the check on the decoded bytes refuses it.
    assertEquals(
        "base64 is larger than " + limit + " bytes",
        refused(() -> new ImageInputs(limit).parse("base64", encoded, false)).getMessage());
    assertArrayEquals(
        bytes, inline(new ImageInputs(bytes.length).parse("base64", encoded, false)).bytes());
  }

  @Test
  void whitespaceDoesNotCountTowardsTheEstimate() {
    byte[] png = imageIo("png", 6, 6);
    String spaced = b64(png).replaceAll("(.)", "$1 ");
    assertArrayEquals(png, inline(new ImageInputs(png.length).parse("b", spaced, false)).bytes());
  }

  // ---- required, lists, inline-only ----

  @Test
  void missingValuesAreRequired() {
    assertEquals(
        "maskBase64 is required", refused(() -> inputs.requireInline("maskBase64", null)).getMessage());
    assertEquals(
        "maskBase64 is required", refused(() -> inputs.requireInline("maskBase64", "")).getMessage());
    assertEquals(
        "base64 is required", refused(() -> inputs.parse("base64", " \n ", true)).getMessage());
  }

  @Test
  void requireInlineReturnsTheDecodedImage() {
    byte[] png = imageIo("png", 37, 23);
    DecodedImage mask = inputs.requireInline("maskBase64", "data:image/png;base64," + b64(png));
    assertEquals(ImageFormat.PNG, mask.format());
    assertArrayEquals(png, mask.bytes());
  }

  @Test
  void parseAllKeepsOrderAndMixesKinds() {
    byte[] png = imageIo("png", 3, 3);
    byte[] gif = imageIo("gif", 3, 3);
    List<ImageInput> all =
        inputs.parseAll(
            "base64Array",
            List.of("data:image/png;base64," + b64(png), "https://example.com/b.jpg", b64(gif)),
            2,
            5,
            true);
    assertEquals(3, all.size());
    assertArrayEquals(png, inline(all.get(0)).bytes());
    assertEquals(
        URI.create("https://example.com/b.jpg"),
        assertInstanceOf(ImageInput.Remote.class, all.get(1)).url());
    assertEquals(ImageFormat.GIF, inline(all.get(2)).format());
  }

  @Test
  void parseAllChecksTheCount() {
    String one = b64(imageIo("png", 3, 3));
    assertEquals(
        "base64Array must hold 2 to 5 images, got 1",
        refused(() -> inputs.parseAll("base64Array", List.of(one), 2, 5, false)).getMessage());
    assertEquals(
        "base64Array must hold 2 to 5 images, got 6",
        refused(() -> inputs.parseAll("base64Array", List.of(one, one, one, one, one, one), 2, 5, false))
            .getMessage());
    assertEquals(
        "base64Array must hold 2 to 5 images, got 0",
        refused(() -> inputs.parseAll("base64Array", null, 2, 5, false)).getMessage());
    assertEquals(
        "base64Array must hold at most 3 images, got 4",
        refused(() -> inputs.parseAll("base64Array", List.of(one, one, one, one), 0, 3, true))
            .getMessage());
    assertEquals(List.of(), inputs.parseAll("base64Array", List.of(), 0, 3, true));
    assertEquals(2, inputs.parseAll("base64Array", List.of(one, one), 2, 2, false).size());
    assertEquals(
        "base64Array must hold 1 image, got 2",
        refused(() -> inputs.parseAll("base64Array", List.of(one, one), 1, 1, false)).getMessage());
  }

  @Test
  void parseAllNamesTheFailingElementByIndex() {
    String ok = b64(imageIo("png", 3, 3));
    ValidationException notBase64 =
        refused(() -> inputs.parseAll("base64Array", List.of(ok, "not base64!", ok), 2, 5, false));
    assertEquals("base64Array[1] is not valid base64", notBase64.getMessage());
    assertEquals("base64Array[1]", notBase64.field());
    ValidationException url =
        refused(() -> inputs.parseAll("base64Array", List.of(ok, ok, "https://x.test/a.png"), 2, 5, false));
    assertEquals("base64Array[2] must be a data URI or base64, not a URL", url.getMessage());
    assertEquals("base64Array[2]", url.field());
    List<String> withNull = Arrays.asList(ok, null);
    assertEquals(
        "base64Array[1] is required",
        refused(() -> inputs.parseAll("base64Array", withNull, 2, 5, true)).getMessage());
  }

  @Test
  void refusesAPictureWhoseHeaderDeclaresMoreThanThePixelCapNamingTheElement() {
    String small = "data:image/png;base64," + Base64.getEncoder().encodeToString(imageIo("png", 8, 8));
    String bomb = "data:image/png;base64,"
        + Base64.getEncoder().encodeToString(io.mjserverless.core.testing.ImageBombs.png(16000, 16000));
    ValidationException e = assertThrows(ValidationException.class,
        () -> inputs.parseAll("base64Array", List.of(small, bomb), 0, 5, true));
    assertEquals("base64Array[1]", e.field());
    assertEquals("base64Array[1] is too large: 16000x16000 pixels, more than the 40 megapixels allowed", e.getMessage());
    ValidationException mask = assertThrows(ValidationException.class, () -> inputs.requireInline("maskBase64", bomb));
    assertEquals("maskBase64", mask.field());
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThrows(IllegalArgumentException.class, () -> new ImageInputs(0));
  }
}
