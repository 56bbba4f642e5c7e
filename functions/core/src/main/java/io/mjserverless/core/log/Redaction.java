package io.mjserverless.core.log;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What never reaches a log line: API keys, provider keys, bearer tokens, callback signatures, webhook
 * and hook secrets, and image bytes (data URIs, long base64). Applied to every field name and string
 * value, to exception messages and stack traces alike, so a library that quotes a header in its error
 * does not leak it either.
 */
final class Redaction {
  static final String REDACTED = "[redacted]";
  /** Longest string kept whole; longer ones are cut (a prompt, a provider's error page). */
  static final int MAX_VALUE_CHARS = 2000;

  /** Our API keys: mj_<key id>_<secret>. The key id stays: it says which key, and is no credential. */
  private static final Pattern API_KEY = Pattern.compile("(mj_[a-z2-7]{4,32}_)[A-Za-z0-9_-]{8,}");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{6,}");
  /** OpenAI-style and other prefixed provider keys. */
  private static final Pattern PROVIDER_KEY = Pattern.compile("\\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}");
  /** A callback signature header value: t=...,v1=<hex>. */
  private static final Pattern SIGNATURE = Pattern.compile("(v1=)[0-9a-fA-F]{16,}");
  /** A header or query parameter that carries a credential, quoted in an error message. */
  private static final Pattern CREDENTIAL_PAIR = Pattern.compile(
      "(?i)((?:mj-api-secret|api[-_]?key|authorization|x-api-key|secret|token|password|signature)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;&]{4,}");
  private static final Pattern DATA_URI = Pattern.compile("data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+");
  private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9+/]{200,}={0,2}");

  private Redaction() {}

  /** Whether a field of this name holds a credential, whatever its value looks like. */
  static boolean sensitiveName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return n.contains("secret") || n.contains("token") || n.contains("password") || n.contains("apikey")
        || n.contains("authorization") || n.contains("signature") || n.equals("key") || n.endsWith("providerkey")
        || n.contains("credential");
  }

  static String clean(String value) {
    return clean(value, MAX_VALUE_CHARS);
  }

  /** As {@link #clean(String)}, cut at {@code maxChars} (a stack trace keeps more than a field). */
  static String clean(String value, int maxChars) {
    if (value == null) {
      return null;
    }
    String s = value;
    s = DATA_URI.matcher(s).replaceAll("[image data]");
    s = LONG_BASE64.matcher(s).replaceAll("[binary data]");
    s = API_KEY.matcher(s).replaceAll("$1" + REDACTED);
    s = BEARER.matcher(s).replaceAll("$1" + REDACTED);
    s = PROVIDER_KEY.matcher(s).replaceAll(REDACTED);
    s = SIGNATURE.matcher(s).replaceAll("$1" + REDACTED);
    s = CREDENTIAL_PAIR.matcher(s).replaceAll("$1" + REDACTED);
    if (s.length() > maxChars) {
      s = s.substring(0, maxChars) + "...(" + value.length() + " chars)";
    }
    return s;
  }
}
