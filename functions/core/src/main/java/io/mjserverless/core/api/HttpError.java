package io.mjserverless.core.api;

/**
 * A transport-level failure with its HTTP status, answered as JSON {@code {"type","description"}}:
 * 400 unreadable body, 401, 403, 404 unknown route or task, 405, 409, 413, 415.
 */
public class HttpError extends RuntimeException {
  private final int status;
  private final String type;

  public HttpError(int status, String type, String description) {
    super(description);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public static HttpError badRequest(String description) {
    return new HttpError(400, "bad_request", description);
  }

  public static HttpError unauthorized() {
    return new HttpError(401, "unauthorized", "missing or unknown API key");
  }

  public static HttpError forbidden(String description) {
    return new HttpError(403, "forbidden", description);
  }

  public static HttpError notFound(String description) {
    return new HttpError(404, "not_found", description);
  }

  public static HttpError methodNotAllowed(String description) {
    return new HttpError(405, "method_not_allowed", description);
  }

  public static HttpError conflict(String description) {
    return new HttpError(409, "conflict", description);
  }

  public static HttpError tooLarge(String description) {
    return new HttpError(413, "payload_too_large", description);
  }

  public static HttpError unsupportedMediaType(String description) {
    return new HttpError(415, "unsupported_media_type", description);
  }
}
