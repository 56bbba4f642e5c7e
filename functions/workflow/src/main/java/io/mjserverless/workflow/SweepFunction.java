package io.mjserverless.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.sweep.TaskSweeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Runs on a schedule (EventBridge, every few minutes): ends tasks that outlived their workflow (see
 * {@link TaskSweeper}). The scheduled event itself carries nothing the sweep needs; the report is the
 * answer, and one log line.
 */
public final class SweepFunction implements RequestStreamHandler {
  private static final class Sweeper {
    static final TaskSweeper INSTANCE = TaskSweeper.forContainer();
  }

  private final TaskSweeper sweeper;

  public SweepFunction() {
    this(Sweeper.INSTANCE);
  }

  public SweepFunction(TaskSweeper sweeper) {
    this.sweeper = sweeper;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.readAllBytes();
    LogContext.begin("SweepFunction", context == null ? null : context.getAwsRequestId());
    try {
      TaskSweeper.Report report = sweeper.sweep(); // logs each task it ends, and its totals
      Json.MAPPER.writeValue(output, report);
    } finally {
      LogContext.end();
    }
  }
}
