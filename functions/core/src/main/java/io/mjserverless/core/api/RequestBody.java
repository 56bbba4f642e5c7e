package io.mjserverless.core.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JSON object body read field by field. Unknown fields are ignored (clients send accountFilter,
 * chooseSameChannel, tools...); a known field of the wrong JSON type is a ValidationException naming it.
 */
public final class RequestBody {
  private final ObjectNode node;

  private RequestBody(ObjectNode node) {
    this.node = node;
  }

  /** Parses a body; a missing, unreadable or non-object body is an HTTP 400. */
  public static RequestBody parse(String body) {
    if (body == null || body.isBlank()) {
      throw HttpError.badRequest("request body is required: a JSON object");
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Never Jackson's own words: they quote the text it stopped at, which for an unquoted value is part
      // of what the client sent (a user token on /mj/account/create). The position is enough to find it.
      throw HttpError.badRequest("request body is not valid JSON" + position(e.getLocation()));
    }
    if (tree == null || !tree.isObject()) {
      throw HttpError.badRequest("request body must be a JSON object");
    }
    return new RequestBody((ObjectNode) tree);
  }

  /** Where the parser stopped, as " at line L, column C", or nothing when it does not know. */
  private static String position(JsonLocation at) {
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return " at line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
  }

  /** An empty body counts as {@code {}} (for POSTs whose fields are all optional). */
  public static RequestBody parseOrEmpty(String body) {
    return body == null || body.isBlank() ? new RequestBody(Json.MAPPER.createObjectNode()) : parse(body);
  }

  private Optional<JsonNode> present(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  public boolean has(String field) {
    return present(field).isPresent();
  }

  /** A string field; numbers and booleans are refused rather than silently turned into text. */
  public Optional<String> string(String field) {
    return present(field).map(v -> {
      if (!v.isTextual()) {
        throw new ValidationException(field, field + " must be a string");
      }
      return v.asText();
    });
  }

  /** A string that, when present, is not blank; trimmed. */
  public Optional<String> text(String field) {
    return string(field).map(String::trim).filter(s -> !s.isEmpty());
  }

  public String requiredText(String field) {
    return text(field).orElseThrow(() -> new ValidationException(field, field + " is required"));
  }

  public Optional<Integer> integer(String field) {
    return present(field).map(v -> {
      if (v.isIntegralNumber() && v.canConvertToInt()) {
        return v.intValue();
      }
      if (v.isTextual()) {
        try {
          return Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException ignored) {
          // fall through to the error below
        }
      }
      throw new ValidationException(field, field + " must be an integer");
    });
  }

  public Optional<Boolean> bool(String field) {
    return present(field).map(v -> {
      if (!v.isBoolean()) {
        throw new ValidationException(field, field + " must be true or false");
      }
      return v.booleanValue();
    });
  }

  /** An array of strings; each element must be a string. */
  public Optional<List<String>> stringList(String field) {
    return present(field).map(v -> {
      if (!v.isArray()) {
        throw new ValidationException(field, field + " must be an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        if (e == null || !e.isTextual()) {
          throw new ValidationException(field, field + "[" + i + "] must be a string");
        }
        out.add(e.asText());
      }
      return out;
    });
  }

  /** An enum by name (case-insensitive); an unknown name lists the allowed ones. */
  public <E extends Enum<E>> Optional<E> enumValue(String field, Class<E> type) {
    return string(field).map(s -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s.trim())) {
          return e;
        }
      }
      String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
      throw new ValidationException(field, field + " must be one of " + allowed + ", got '" + s + "'");
    });
  }

  /** Whether the client sent an explicit JSON null for a field (some peers treat that as an error). */
  public boolean isExplicitNull(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNull();
  }

  /** The request's {@code accountFilter} as sent (for the engine to read), or null when absent. */
  public JsonNode accountFilter() {
    JsonNode filter = node.get("accountFilter");
    return filter == null || filter.isNull() ? null : filter;
  }

  /** The first mode of {@code accountFilter.modes}, when it names one. */
  public Optional<io.mjserverless.core.task.Mode> accountFilterMode() {
    JsonNode filter = node.get("accountFilter");
    if (filter == null || !filter.isObject()) {
      return Optional.empty();
    }
    JsonNode modes = filter.get("modes");
    if (modes == null || !modes.isArray() || modes.isEmpty()) {
      return Optional.empty();
    }
    String first = modes.get(0).asText("");
    return Optional.of(io.mjserverless.core.task.Mode.fromName(first).orElseThrow(() ->
        new ValidationException("accountFilter.modes", "accountFilter.modes[0] must be RELAX, FAST or TURBO, got '"
            + first.toUpperCase(Locale.ROOT) + "'")));
  }
}
