package io.mjserverless.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.engine.TurnWaitException;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The waits between two submit attempts, through the Dispatch and Poll steps: a task waiting its turn in
 * a pool (TurnWaitException) asks again at the engine's fixed interval however many times it asked,
 * so a slot freed meanwhile is taken within that interval; a failing provider is asked less and less often.
 */
class BusyRetryWaitsTest {
  private final Clock clock = Clock.systemUTC();
  private final MemoryTasks tasks = new MemoryTasks();
  private Supplier<RuntimeException> refusal;

  private final Engine engine = new Engine() {
    @Override public Submission submit(Task task) { throw refusal.get(); }
    @Override public JobStatus poll(Task task) { throw new AssertionError("never submitted"); }
    @Override public JobResult result(Task task) { throw new AssertionError("never submitted"); }
    @Override public void cancel(Task task) { }
  };

  private List<Integer> waitsOverPolls(int polls) {
    Config config = Config.from(Map.of("TASKS_TABLE", "t", "KEYS_TABLE", "k", "IDEMPOTENCY_TABLE", "i", "IMAGES_BUCKET", "b",
        "POLL_MIN_SECONDS", "2", "POLL_MAX_SECONDS", "30"));
    Map<Mode, Engine> all = new EnumMap<>(Mode.class);
    for (Mode mode : Mode.values()) {
      all.put(mode, engine);
    }
    TaskUpdates updates = new TaskUpdates(tasks);
    WaitPolicy waits = new WaitPolicy(config.pollMinSeconds(), config.pollMaxSeconds());
    DispatchStep dispatch = new DispatchStep(updates, new Engines(all), null, waits, config, clock);
    PollStep poll = new PollStep(updates, new Engines(all), null, null, waits, config, clock, dispatch);
    Task task = Task.builder().id("task-" + System.nanoTime()).tenant("t").keyId("k").action(TaskAction.IMAGINE)
        .status(TaskStatus.NOT_START).mode(Mode.FAST).prompt("cat").submitTime(clock.millis()).build();
    tasks.create(task);
    StepState state = dispatch.run(task.id());
    List<Integer> seen = new java.util.ArrayList<>(List.of(state.waitSeconds()));
    for (int i = 0; i < polls; i++) {
      state = poll.run(task.id(), state.polls());
      seen.add(state.waitSeconds());
    }
    return seen;
  }

  @Test
  void aTaskWaitingItsTurnAsksAgainAtTheFixedInterval() {
    refusal = () -> new TurnWaitException("waiting for a free slot on Discord account a: 2 task(s) ahead", 5);
    assertEquals(List.of(5, 5, 5, 5, 5, 5), waitsOverPolls(5));
  }

  @Test
  void aBusyProviderIsAskedLessAndLessOften() {
    refusal = () -> new EngineBusyException("the provider answered 503", 5);
    assertEquals(List.of(5, 10, 20, 30, 30), waitsOverPolls(4));
  }

  /** Tasks in memory, enough for the steps' reads and conditional writes. */
  static final class MemoryTasks implements TaskStore {
    private final Map<String, Task> byId = new ConcurrentHashMap<>();

    @Override public void create(Task task) { byId.put(task.id(), task); }
    @Override public Optional<Task> get(String id) { return Optional.ofNullable(byId.get(id)); }
    @Override public List<Task> getAll(Collection<String> ids) { return ids.stream().map(byId::get).filter(t -> t != null).toList(); }
    @Override public List<Task> listByTenant(String tenant, int limit) { return List.copyOf(byId.values()); }
    @Override public void delete(String id) { byId.remove(id); }

    @Override
    public synchronized Task update(Task current, Task next) {
      Task written = next.toBuilder().version(current.version() + 1).build();
      byId.put(current.id(), written);
      return written;
    }
  }
}
