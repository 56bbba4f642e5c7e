package io.mjserverless.core.api.http;

import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.task.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Matches a raw path against {@link Operation}s: {@code /mj/...} or {@code /mj-relax|mj-fast|mj-turbo/mj/...}.
 * Any other first segment is a 404; a known path with another method is a 405.
 */
public final class Router {

  /** A matched request: the operation, its {id} path value (if any) and the mode of the path prefix. */
  public record Match(Operation operation, Optional<String> id, Optional<Mode> pathMode) {}

  private Router() {}

  public static Match route(String method, String rawPath) {
    String path = rawPath == null ? "/" : rawPath;
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Optional<Mode> mode = Optional.empty();
    String[] segments = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
    if (segments.length > 1 && !segments[0].equals("mj") && segments[1].equals("mj")) {
      mode = Mode.fromPathSegment(segments[0]);
      if (mode.isEmpty()) {
        throw HttpError.notFound("unknown speed mode '" + segments[0] + "': use mj-relax, mj-fast or mj-turbo");
      }
      path = path.substring(segments[0].length() + 1);
    }
    List<String> allowed = new ArrayList<>();
    for (Operation op : Operation.values()) {
      Optional<Optional<String>> id = match(op.path(), path);
      if (id.isPresent()) {
        if (op.method().equals(method)) {
          return new Match(op, id.get(), mode);
        }
        allowed.add(op.method());
      }
    }
    if (!allowed.isEmpty()) {
      throw HttpError.methodNotAllowed(method + " is not allowed on " + rawPath + "; use " + String.join(", ", allowed));
    }
    throw HttpError.notFound("no route " + method + " " + rawPath);
  }

  /** Empty when the template does not match; else the value of its {id} segment, if it has one. */
  private static Optional<Optional<String>> match(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return Optional.empty();
    }
    Optional<String> id = Optional.empty();
    for (int i = 0; i < t.length; i++) {
      if (t[i].equals("{id}")) {
        if (p[i].isEmpty()) {
          return Optional.empty();
        }
        id = Optional.of(java.net.URLDecoder.decode(p[i], java.nio.charset.StandardCharsets.UTF_8));
      } else if (!t[i].equals(p[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(id);
  }
}
