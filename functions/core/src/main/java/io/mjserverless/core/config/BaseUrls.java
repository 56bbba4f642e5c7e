package io.mjserverless.core.config;

import java.net.URI;

/** An upstream's base URL from a setting: http(s), with a host, without query or fragment. */
final class BaseUrls {
  private BaseUrls() {}

  /** {@code url} as a URI; a setting that is none of the above fails start naming {@code variable}. */
  static URI parse(String variable, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("environment variable " + variable + " must be an http(s) URL, got " + url);
    }
    if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalStateException("environment variable " + variable + " must be an http(s) URL, got " + url);
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalStateException("environment variable " + variable + " must be a base URL without query or fragment, got " + url);
    }
    return uri;
  }
}
