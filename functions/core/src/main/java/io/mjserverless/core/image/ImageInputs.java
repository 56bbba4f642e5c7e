package io.mjserverless.core.image;

import io.mjserverless.core.api.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the image fields of requests ({@code base64}, {@code base64Array}, {@code maskBase64},
 * {@code sourceBase64}...). Clients of the different proxies send data URIs, bare base64 or links, so
 * all three are understood; the format is always sniffed from the bytes, whatever the data URI claims.
 * Every refusal is a {@link ValidationException} whose message starts with the field's name; that
 * includes a picture whose headers declare more than {@link ImageDecoder#MAX_PIXELS}.
 */
public final class ImageInputs {
  static final int MAX_URL_LENGTH = 2048;
  // A data URI header is a media type and a few parameters; anything longer is not one we want to split.
  private static final int MAX_DATA_URI_HEADER = 256;
  private static final int MAX_SCHEME_LENGTH = 32;

  private final long maxImageBytes;

  public ImageInputs(long maxImageBytes) {
    if (maxImageBytes <= 0) {
      throw new IllegalArgumentException("maxImageBytes must be positive");
    }
    this.maxImageBytes = maxImageBytes;
  }

  public long maxImageBytes() {
    return maxImageBytes;
  }

  /** One image: a data URI, bare base64, or (when {@code allowUrl}) an http(s) link. */
  public ImageInput parse(String field, String value, boolean allowUrl) {
    String v = required(field, value);
    if (allowUrl && !isDataUri(v) && hasScheme(v)) {
      return new ImageInput.Remote(httpUrl(field, v));
    }
    return new ImageInput.Inline(inline(field, v, allowUrl));
  }

  /** A list of images whose count must lie in {@code min..max}; elements are named {@code field[i]}. */
  public List<ImageInput> parseAll(
      String field, List<String> values, int min, int max, boolean allowUrl) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("bad bounds " + min + ".." + max);
    }
    int count = values == null ? 0 : values.size();
    if (count < min || count > max) {
      throw invalid(field, field + " must hold " + describeRange(min, max) + ", got " + count);
    }
    List<ImageInput> inputs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      inputs.add(parse(field + "[" + i + "]", values.get(i), allowUrl));
    }
    return List.copyOf(inputs);
  }

  /** An image that must come with the request (a mask is compared pixel by pixel, never fetched). */
  public DecodedImage requireInline(String field, String value) {
    return inline(field, required(field, value), false);
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(field, field + " is required");
    }
    return value.strip();
  }

  private DecodedImage inline(String field, String v, boolean urlAllowed) {
    if (isDataUri(v)) {
      return dataUri(field, v);
    }
    if (hasScheme(v)) {
      throw invalid(field, field + " must be a data URI or base64, not a URL");
    }
    return base64(field, v, 0, urlAllowed);
  }

  private DecodedImage dataUri(String field, String v) {
    int comma = v.indexOf(',', 0);
    if (comma < 0 || comma > MAX_DATA_URI_HEADER) {
      throw invalid(field, field + " is not a valid data URI");
    }
    String[] parts = v.substring("data:".length(), comma).split(";", -1);
    String mime = parts[0].strip();
    // The declared type is only a hint (sniffing decides), but a non-image type means the wrong file.
    if (!mime.isEmpty() && !mime.regionMatches(true, 0, "image/", 0, "image/".length())) {
      throw invalid(field, field + " must be an image/* data URI");
    }
    if (parts.length < 2 || !parts[parts.length - 1].strip().equalsIgnoreCase("base64")) {
      throw invalid(field, field + " data URI must be base64-encoded");
    }
    return base64(field, v, comma + 1, false);
  }

  private DecodedImage base64(String field, String s, int from, boolean urlAllowed) {
    // Refuse before allocating anything when the text alone proves the image too large.
    long atLeast = minDecodedSize(s, from, maxImageBytes);
    if (atLeast > maxImageBytes) {
      throw tooLarge(field);
    }
    String compact = withoutWhitespace(s, from);
    if (compact.isEmpty()) {
      throw invalid(field, field + " is empty");
    }
    byte[] bytes;
    try {
      bytes = decoderFor(compact).decode(compact);
    } catch (IllegalArgumentException e) {
      throw invalid(
          field,
          urlAllowed
              ? field + " is neither an http(s) URL nor valid base64"
              : field + " is not valid base64");
    }
    // The estimate ignores padding, so up to two bytes over the limit get here.
    if (bytes.length > maxImageBytes) {
      throw tooLarge(field);
    }
    ImageFormat format =
        ImageFormat.sniff(bytes)
            .orElseThrow(
                () -> invalid(field, field + " is not a PNG, JPEG, WebP or GIF image"));
    DecodedImage image = new DecodedImage(bytes, format);
    // A small file can declare a huge picture (a decompression bomb): refused here, from its headers.
    try {
      ImageDecoder.requireWithinLimit(image);
    } catch (ImageRefusedException e) {
      throw invalid(field, field + " " + e.reason());
    }
    return image;
  }

  /**
   * A lower bound of the bytes that the base64 text from {@code from} on decodes to: whitespace is not
   * counted and up to two trailing characters are assumed to be padding. Stops scanning as soon as the
   * bound passes {@code cap}, so a huge string costs no more than one of the largest allowed size.
   */
  static long minDecodedSize(String s, int from, long cap) {
    long significant = 0;
    long bound = 0;
    for (int i = from; i < s.length(); i++) {
      if (!isWhitespace(s.charAt(i))) {
        significant++;
        bound = Math.max(0, (significant - 2) * 3 / 4);
        if (bound > cap) {
          return bound;
        }
      }
    }
    return bound;
  }

  private static String withoutWhitespace(String s, int from) {
    StringBuilder out = null;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isWhitespace(c)) {
        if (out == null) {
          out = new StringBuilder(s.length() - from).append(s, from, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s.substring(from) : out.toString();
  }

  // Line-wrapped (MIME) base64 and values pasted from terminals carry these.
  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
  }

  private static Base64.Decoder decoderFor(String compact) {
    // Either alphabet may come; mixing them is an error the chosen decoder reports.
    return compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
        ? Base64.getUrlDecoder()
        : Base64.getDecoder();
  }

  private static boolean isDataUri(String v) {
    return v.regionMatches(true, 0, "data:", 0, "data:".length());
  }

  /** Whether the value opens with a URI scheme; base64 never holds a colon, so this cannot misfire. */
  private static boolean hasScheme(String v) {
    int limit = Math.min(v.length(), MAX_SCHEME_LENGTH + 1);
    for (int i = 0; i < limit; i++) {
      char c = v.charAt(i);
      if (c == ':') {
        return i > 0;
      }
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!letter && !(i > 0 && other)) {
        return false;
      }
    }
    return false;
  }

  private static URI httpUrl(String field, String v) {
    if (v.length() > MAX_URL_LENGTH) {
      throw invalid(field, field + " is longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw notHttp(field);
    }
    String scheme = uri.getScheme();
    boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    if (!http || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw notHttp(field);
    }
    return uri;
  }

  private static String describeRange(int min, int max) {
    if (min == max) {
      return min + (min == 1 ? " image" : " images");
    }
    return (min == 0 ? "at most " + max : min + " to " + max) + " images";
  }

  private ValidationException tooLarge(String field) {
    return invalid(field, field + " is larger than " + maxImageBytes + " bytes");
  }

  private static ValidationException notHttp(String field) {
    return invalid(field, field + " must be an http(s) URL");
  }

  private static ValidationException invalid(String field, String message) {
    return new ValidationException(field, message);
  }
}
