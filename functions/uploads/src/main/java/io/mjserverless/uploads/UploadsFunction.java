package io.mjserverless.uploads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.log.Metrics;
import io.mjserverless.core.uploads.UploadArrivals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S3 ObjectCreated events under {@code uploads/}: each object is checked and its task started once
 * all its images are there. Reads the event JSON itself (only bucket, key and event name are needed),
 * answers the outcome of each record, for logs.
 */
public final class UploadsFunction implements RequestStreamHandler {
  private static final class Arrivals {
    static final UploadArrivals INSTANCE = UploadArrivals.forContainer();
  }

  private final UploadArrivals arrivals;

  public UploadsFunction() {
    this(Arrivals.INSTANCE);
  }

  public UploadsFunction(UploadArrivals arrivals) {
    this.arrivals = arrivals;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    LogContext.begin("UploadsFunction", context == null ? null : context.getAwsRequestId());
    try {
      Json.MAPPER.writeValue(output, Map.of("outcomes", handle(Json.MAPPER.readTree(input))));
    } finally {
      LogContext.end();
    }
  }

  private List<Map<String, Object>> handle(JsonNode event) {
    List<Map<String, Object>> outcomes = new ArrayList<>();
    for (JsonNode record : event.path("Records")) {
      if (!record.path("eventName").asText("").startsWith("ObjectCreated")) {
        continue;
      }
      // S3 event keys are URL-encoded, with '+' for a space.
      String key = URLDecoder.decode(record.at("/s3/object/key").asText(), StandardCharsets.UTF_8);
      LogContext.clearTask(); // each record is about its own task, found from its key
      UploadArrivals.Outcome outcome = arrivals.objectCreated(key);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("key", key);
      line.put("outcome", outcome.kind());
      line.put("detail", outcome.detail());
      outcomes.add(line);
      switch (outcome.kind()) {
        case "STARTED", "WAITING" -> Log.info("upload.accepted", "key", key, "outcome", outcome.kind(), "detail", outcome.detail());
        case "IGNORED" -> Log.info("upload.ignored", "key", key, "detail", outcome.detail()); // an image prompt, a duplicate event
        default -> Log.warn("upload.refused", null, "key", key, "outcome", outcome.kind(), "detail", outcome.detail());
      }
      Metrics.upload(outcome.kind());
    }
    return outcomes;
  }
}
