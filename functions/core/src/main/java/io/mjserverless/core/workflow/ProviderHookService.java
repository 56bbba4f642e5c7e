package io.mjserverless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.mjproxy.ProviderHooks;
import io.mjserverless.core.engine.mjproxy.ProviderTask;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskIds;
import java.util.Optional;

/**
 * A provider's callback to the notifyHook we gave it: the task JSON it posts on every change of its
 * job, authenticated by the task's hook secret (in the path), not by a tenant key. Progress is written
 * to the task (its preview copied, the client's progress callback sent); a final status resumes the task's workflow, whose
 * next step polls the provider and stores the result. A final status that arrives while no workflow
 * waits is kept for the next one that does ({@link AwaitJobStep}).
 */
public final class ProviderHookService {
  /** What the handler answers. */
  public enum Outcome { ACCEPTED, UNKNOWN }

  private final ProviderHooks hooks;
  private final TaskTokens tokens;
  private final PollStep poll;
  private final TaskUpdates updates;
  private final Engines engines;

  public ProviderHookService(ProviderHooks hooks, TaskTokens tokens, PollStep poll, TaskUpdates updates, Engines engines) {
    this.hooks = hooks;
    this.tokens = tokens;
    this.poll = poll;
    this.updates = updates;
    this.engines = engines;
  }

  /** UNKNOWN for a task without an open hook or a wrong secret (answered alike: a 404 tells a guesser nothing). */
  public Outcome receive(String taskId, String secret, JsonNode posted) {
    if (taskId == null || !TaskIds.looksValid(taskId) || !hooks.verify(taskId, secret)) {
      return Outcome.UNKNOWN;
    }
    ProviderTask job = ProviderTask.of(posted == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : posted);
    if (job.isSuccess() || job.isFailure()) {
      Optional<String> waiting = hooks.settle(taskId, job.status());
      waiting.ifPresent(tokens::resume);
    } else if (job.status().equals("IN_PROGRESS")) {
      Task task = updates.load(taskId);
      engines.forTask(task).runningFromCallback(task, posted).ifPresent(running -> poll.progressed(taskId, running));
    }
    return Outcome.ACCEPTED;
  }
}
