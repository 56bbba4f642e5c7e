package io.mjserverless.core.workflow;

import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.mjproxy.ProviderHooks;
import io.mjserverless.core.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The function behind the AwaitJob state (lambda:invoke.waitForTaskToken): the execution waits there
 * until the token is sent back or the state's timeout (the step's waitSeconds) runs out, then polls.
 * For an engine that calls back, the token is kept with the task's hook, so the provider's final
 * callback resumes the execution at once; if that callback came first, the token is sent back here.
 * For other engines nothing is kept: the state is a wait of waitSeconds, like the Wait state.
 */
public final class AwaitJobStep {
  private final TaskUpdates updates;
  private final io.mjserverless.core.engine.Engines engines;
  private final ProviderHooks hooks;
  private final TaskTokens tokens;

  public AwaitJobStep(TaskUpdates updates, io.mjserverless.core.engine.Engines engines, ProviderHooks hooks, TaskTokens tokens) {
    this.updates = updates;
    this.engines = engines;
    this.hooks = hooks;
    this.tokens = tokens;
  }

  public Map<String, Object> run(String taskId, String taskToken) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("taskId", taskId);
    Task task = updates.load(taskId);
    Engine engine = engines.forTask(task);
    if (task.status().isFinal()) {
      out.put("resumed", tokens.resume(taskToken)); // cancelled meanwhile: Poll ends it now
      return out;
    }
    if (!engine.callsBack(task)) {
      out.put("resumed", false);
      return out;
    }
    Optional<String> ended = hooks.park(taskId, taskToken);
    out.put("resumed", ended.isPresent() && tokens.resume(taskToken));
    return out;
  }
}
