package io.mjserverless.core.api;

import io.mjserverless.core.api.http.HttpRequest;
import io.mjserverless.core.api.http.HttpResponse;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.api.http.Router;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.Caller;
import io.mjserverless.core.idempotency.IdempotentSubmissions;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.log.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One HTTP request to one answer: CORS preflight, body limit, route, authentication, idempotency,
 * the service call, and the mapping of every failure to JSON (envelope code 4 for bad fields on
 * submit routes, a JSON error with its status otherwise, a logged JSON 500 for bugs, never a page).
 */
public final class ApiDispatcher {
  private final ApiServices services;
  private final Set<Operation.Function> served;

  /** Serves the operations of {@code served}; a route of another function is a 404 here. */
  public ApiDispatcher(ApiServices services, Set<Operation.Function> served) {
    this.services = services;
    this.served = Set.copyOf(served);
  }

  public HttpResponse handle(HttpRequest request) {
    Operation op = null;
    try {
      if (request.method().equals("OPTIONS")) {
        return HttpResponse.preflight();
      }
      if (request.body() != null && request.body().getBytes(StandardCharsets.UTF_8).length > services.config().maxBodyBytes()) {
        throw HttpError.tooLarge("request body is larger than " + services.config().maxBodyBytes() + " bytes");
      }
      Router.Match match = Router.route(request.method(), request.path());
      op = match.operation();
      if (!served.contains(op.function())) {
        throw HttpError.notFound("no route " + request.method() + " " + request.path());
      }
      checkContentType(request, op);
      Caller caller = services.authenticator().authenticate(request);
      LogContext.tenant(caller.tenant());
      RequestContext ctx = new RequestContext(caller, match.pathMode());
      return call(op, match, ctx, request);
    } catch (HttpError e) {
      // 4xx: the caller's mistake (no key, unknown route, too large); INFO, so refused traffic can be counted.
      Log.info("api.refused", "route", op == null ? null : op.name(), "status", e.status(), "type", e.type(),
          "reason", e.getMessage());
      return HttpResponse.error(e.status(), e.type(), e.getMessage());
    } catch (ValidationException e) {
      if (op != null && op.answersWithEnvelope()) {
        submitted(op, SubmitResult.VALIDATION_ERROR, e.getMessage());
        return HttpResponse.ok(SubmitResult.validation(e.getMessage()));
      }
      Log.info("api.refused", "route", op == null ? null : op.name(), "status", 400, "type", "validation_error",
          "reason", e.getMessage());
      return HttpResponse.error(400, "validation_error", e.getMessage());
    } catch (RuntimeException e) {
      String errorId = UUID.randomUUID().toString();
      log(errorId, request, e);
      if (op != null && op.answersWithEnvelope()) {
        Metrics.submit(op.name(), SubmitResult.FAILURE);
        return HttpResponse.ok(new SubmitResult(SubmitResult.FAILURE, "Submit failed: internal error " + errorId, null, Map.of()));
      }
      return HttpResponse.error(500, "internal_error", "internal error " + errorId + "; it has been logged");
    }
  }

  private HttpResponse call(Operation op, Router.Match match, RequestContext ctx, HttpRequest request) {
    String id = match.id().orElse(null);
    return switch (op) {
      case IMAGINE -> submit(op, ctx, request, body -> services.submits().imagine(ctx, body));
      case BLEND -> submit(op, ctx, request, body -> services.submits().blend(ctx, body));
      case DESCRIBE -> submit(op, ctx, request, body -> services.submits().describe(ctx, body));
      case SHORTEN -> submit(op, ctx, request, body -> services.submits().shorten(ctx, body));
      case SWAP_FACE -> submit(op, ctx, request, body -> services.submits().swapFace(ctx, body));
      case UPLOAD_IMAGES -> submit(op, ctx, request, body -> services.submits().uploadImages(ctx, body));
      case UPLOAD_URL -> submit(op, ctx, request, body -> services.uploads().uploadUrl(ctx, body));
      case ACTION -> submit(op, ctx, request, body -> services.actions().action(ctx, body));
      case MODAL -> submit(op, ctx, request, body -> services.actions().modal(ctx, body));
      case CHANGE -> submit(op, ctx, request, body -> services.actions().change(ctx, body));
      case SIMPLE_CHANGE -> submit(op, ctx, request, body -> services.actions().simpleChange(ctx, body));
      case FETCH -> HttpResponse.ok(services.queries().fetch(ctx, id));
      case LIST_BY_CONDITION, LIST_BY_IDS ->
          HttpResponse.ok(services.queries().listByCondition(ctx, RequestBody.parseOrEmpty(request.body())));
      case LIST -> HttpResponse.ok(services.queries().list(ctx, request.queryParam("limit")));
      case QUEUE -> HttpResponse.ok(services.queries().queue(ctx, TaskQueryService.queueWindow(services.config())));
      case IMAGE_SEED -> HttpResponse.ok(services.queries().imageSeed(ctx, id));
      case CANCEL -> HttpResponse.ok(services.queries().cancel(ctx, id));
      case CREATE_KEY -> HttpResponse.json(201, services.keyAdmin().create(ctx, RequestBody.parseOrEmpty(request.body())));
      case LIST_KEYS -> HttpResponse.ok(services.keyAdmin().list(ctx));
      case REVOKE_KEY -> HttpResponse.ok(services.keyAdmin().revoke(ctx, id));
      case CREATE_ACCOUNT -> HttpResponse.json(201, services.accountAdmin().create(ctx, adminBody(ctx, request)));
      case LIST_ACCOUNTS -> HttpResponse.ok(services.accountAdmin().list(ctx));
      case FETCH_ACCOUNT -> HttpResponse.ok(services.accountAdmin().fetch(ctx, id));
      case UPDATE_ACCOUNT -> HttpResponse.ok(services.accountAdmin().update(ctx, id, adminBody(ctx, request)));
      case ENABLE_ACCOUNT -> HttpResponse.ok(services.accountAdmin().enable(ctx, id));
      case DISABLE_ACCOUNT -> HttpResponse.ok(services.accountAdmin().disable(ctx, id, adminBody(ctx, request)));
      case DELETE_ACCOUNT -> HttpResponse.ok(services.accountAdmin().delete(ctx, id));
      case CHECK_ACCOUNT -> HttpResponse.ok(services.accountAdmin().check(ctx, id));
    };
  }

  private HttpResponse submit(Operation op, RequestContext ctx, HttpRequest request,
      java.util.function.Function<RequestBody, SubmitResult> action) {
    RequestBody body = RequestBody.parse(request.body());
    IdempotentSubmissions idempotency = services.idempotency();
    String fingerprint = op.name() + "\n" + ctx.pathMode().map(Enum::name).orElse("") + "\n" + request.body();
    SubmitResult result = idempotency.run(ctx.caller().tenant(), request.header("Idempotency-Key"), fingerprint,
        () -> action.apply(body));
    if (result.result() instanceof String taskId && result.code() != SubmitResult.VALIDATION_ERROR) {
      LogContext.task(taskId); // an idempotent replay stored nothing: the line still names the task
    }
    submitted(op, result.code(), result.code() == SubmitResult.SUCCESS ? null : result.description());
    return HttpResponse.ok(result);
  }

  /** The answer of a submit-like route, for the operator: one line and one Submits count by route and code. */
  private static void submitted(Operation op, int code, String reason) {
    Log.info("task.submitted", "route", op.name(), "code", code, "reason", reason);
    Metrics.submit(op.name(), code);
  }

  /** The body of an admin route, read only once the caller is known to be an admin (others get the 403 whatever they sent). */
  private static RequestBody adminBody(RequestContext ctx, HttpRequest request) {
    KeyAdminService.requireAdmin(ctx);
    return RequestBody.parseOrEmpty(request.body());
  }

  /** JSON bodies only; a form or multipart upload is a 415 rather than a confusing parse error. */
  private static void checkContentType(HttpRequest request, Operation op) {
    if (!op.method().equals("POST")) {
      return;
    }
    String type = request.header("Content-Type").orElse("application/json").toLowerCase();
    if (!type.startsWith("application/json") && !type.startsWith("text/plain") && !type.contains("+json")) {
      throw HttpError.unsupportedMediaType("Content-Type must be application/json, got " + type);
    }
  }

  private static void log(String errorId, HttpRequest request, RuntimeException e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("errorId", errorId);
    fields.put("method", request.method());
    fields.put("path", request.path().length() > 300 ? request.path().substring(0, 300) + "..." : request.path());
    Log.error("api.internal-error", e, "errorId", fields.get("errorId"), "method", fields.get("method"),
        "path", fields.get("path"));
  }
}
