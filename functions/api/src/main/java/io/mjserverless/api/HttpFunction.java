package io.mjserverless.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mjserverless.core.api.ApiDispatcher;
import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.api.http.HttpRequest;
import io.mjserverless.core.api.http.HttpResponse;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.log.LogContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shape every HTTP function shares: an API Gateway HTTP API event (payload format 2.0) in, the
 * dispatcher's answer out. Subclasses only say which operations they serve.
 */
public abstract class HttpFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiDispatcher dispatcher;

  protected HttpFunction(ApiServices services, Operation.Function first, Operation.Function... more) {
    Set<Operation.Function> served = EnumSet.of(first, more);
    this.dispatcher = new ApiDispatcher(services, served);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    HttpResponse response;
    LogContext.begin(getClass().getSimpleName(), context == null ? null : context.getAwsRequestId());
    try {
      response = dispatcher.handle(toRequest(event));
    } catch (HttpError e) {
      response = HttpResponse.error(e.status(), e.type(), e.getMessage());
    } finally {
      LogContext.end();
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(response.headers())
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }

  static HttpRequest toRequest(APIGatewayV2HTTPEvent event) {
    String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
        ? event.getRequestContext().getHttp().getMethod() : "GET";
    String body = event.getBody();
    if (body != null && event.getIsBase64Encoded()) {
      try {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("request body is marked base64 but is not");
      }
    }
    return new HttpRequest(method, event.getRawPath(), event.getHeaders(), event.getQueryStringParameters(), body);
  }
}
