package io.mjserverless.local.runtime;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the gateway answers for a request it cannot route because Jetty could not parse it (a {@code {}
 * or a bad percent-escape in the path, a bad or repeated Content-Length, a header without a colon, an
 * unknown HTTP version, a request line or headers too long): our JSON error
 * {@code {"type","description"}} with a 4xx status, as the API answers every other error, instead of
 * an HTML page.
 */
final class JsonErrorHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    // Jetty closes a connection whose request it could not read; saying so keeps a keep-alive client
    // from sending its next request down that connection and getting no answer at all.
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : 400;
    // Jetty's reasons are short and plain ("Illegal Path Character", "Invalid Content-Length Value").
    Object reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    // Some carry only the status phrase (a bad percent-escape in the path is plain "Bad Request").
    String malformed = reason == null || reason.toString().equalsIgnoreCase(HttpStatus.getMessage(status))
        ? "malformed request: the request line or a header cannot be read"
        : "malformed request: " + reason;
    if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 || status == HttpStatus.NOT_IMPLEMENTED_501) {
      // An unknown HTTP version or transfer coding is the client's mistake: a 4xx, as for any request we cannot read.
      HttpGateway.sendError(response, callback, 400, "bad_request", malformed);
    } else if (status >= 500) {
      HttpGateway.sendError(response, callback, status, "internal_error", "internal error");
    } else {
      HttpGateway.sendError(response, callback, status, type(status), malformed);
    }
    return true;
  }

  private static String type(int status) {
    return switch (status) {
      case HttpStatus.NOT_FOUND_404 -> "not_found";
      case HttpStatus.METHOD_NOT_ALLOWED_405 -> "method_not_allowed";
      case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "payload_too_large";
      case HttpStatus.URI_TOO_LONG_414 -> "uri_too_long";
      case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "request_header_fields_too_large";
      default -> "bad_request";
    };
  }
}
