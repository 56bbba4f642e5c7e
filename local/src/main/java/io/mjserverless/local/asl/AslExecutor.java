package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs Amazon States Language state machines (JSONPath dialect) in-process, the way Step Functions
 * runs a Standard workflow: Task, Pass, Wait, Choice, Succeed and Fail states; InputPath, Parameters,
 * ResultSelector, ResultPath and OutputPath; Retry and Catch; the context object; the intrinsic
 * functions; lambda:invoke.waitForTaskToken with {@link #sendTaskSuccess}, {@link #sendTaskFailure} and
 * {@link #sendTaskHeartbeat}, HeartbeatSeconds and TimeoutSeconds. Map and Parallel states, JSONata and variables are refused when the definition is
 * loaded (see {@link UnsupportedDefinitionException}).
 *
 * <p>Executions run concurrently. No thread waits for a Wait state or a retry delay: the next step is
 * scheduled on a small {@link java.util.concurrent.ScheduledExecutorService}, so any number of
 * executions can wait at once. Task invocations run on a worker pool.
 *
 * <p>Time: every Wait duration, retry delay and the state machine's TimeoutSeconds is multiplied by
 * {@code timeScale} (0 = no waiting; with 0 the state machine's TimeoutSeconds is not enforced). A
 * Task's TimeoutSeconds measures the task's real running time and is multiplied by
 * {@link Options#taskTimeoutScale()} (1 by default). Timestamps (history, context object, Wait
 * Timestamp) come from {@code clock}.
 *
 * <p>With a {@code stateDir}, each execution is saved as a small JSON file after every transition
 * (written to a temporary file, then moved into place), finished executions included, so names stay
 * unique across restarts and {@link #resumePersisted()} continues the ones that were running.
 */
public final class AslExecutor implements AutoCloseable {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ARN_PREFIX = "arn:aws:states:us-east-1:000000000000:";
  private static final String ROLE_ARN = "arn:aws:iam::000000000000:role/local-state-machine";

  /**
   * Tuning beyond the basic constructor.
   *
   * @param stateMachineName names the state machine in ARNs and in $$.StateMachine.Name
   * @param taskTimeoutScale multiplies a Task's TimeoutSeconds (tasks run in real time, so 1 by default)
   * @param schedulerThreads threads that run the state machine logic and the timers
   * @param taskThreads      threads that invoke Task resources (invocations beyond this wait in a queue;
   *                         a Task's timeout starts when its invocation starts)
   */
  public record Options(String stateMachineName, double taskTimeoutScale, int schedulerThreads, int taskThreads) {
    public Options {
      Objects.requireNonNull(stateMachineName, "stateMachineName");
      if (!(taskTimeoutScale > 0) || Double.isInfinite(taskTimeoutScale)) {
        throw new IllegalArgumentException("taskTimeoutScale must be a positive number");
      }
      if (schedulerThreads < 1 || taskThreads < 1) {
        throw new IllegalArgumentException("thread counts must be at least 1");
      }
    }

    public static Options defaults() {
      return new Options("StateMachine", 1.0, 2, 16);
    }

    public Options withStateMachineName(String name) {
      return new Options(name, taskTimeoutScale, schedulerThreads, taskThreads);
    }

    public Options withTaskTimeoutScale(double scale) {
      return new Options(stateMachineName, scale, schedulerThreads, taskThreads);
    }

    public Options withThreads(int scheduler, int tasks) {
      return new Options(stateMachineName, taskTimeoutScale, scheduler, tasks);
    }
  }

  private final Definition definition;
  private final TaskInvoker invoker;
  private final ExecutionStore store;
  private final double timeScale;
  private final Clock clock;
  private final Options options;
  private final String stateMachineArn;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService workers;
  private final ConcurrentHashMap<String, Execution> executions = new ConcurrentHashMap<>();
  /** The execution waiting on each live task token (waitForTaskToken Tasks). */
  private final ConcurrentHashMap<String, Execution> byToken = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** An executor with {@link Options#defaults()}. */
  public AslExecutor(JsonNode definition, TaskInvoker invoker, Path stateDir, double timeScale, Clock clock) {
    this(definition, invoker, stateDir, timeScale, clock, Options.defaults());
  }

  /**
   * @param definition the state machine (JSONPath dialect), validated here
   * @param invoker    runs Task states
   * @param stateDir   where executions are persisted; null = in memory only
   * @param timeScale  multiplies Wait durations and retry delays (0 = do not wait)
   * @param clock      source of timestamps
   * @throws UnsupportedDefinitionException when the definition is invalid or uses what this executor does not implement
   */
  public AslExecutor(JsonNode definition, TaskInvoker invoker, Path stateDir, double timeScale, Clock clock, Options options) {
    if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a finite number >= 0, not " + timeScale);
    }
    this.definition = Definition.load(definition);
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.timeScale = timeScale;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.stateMachineArn = ARN_PREFIX + "stateMachine:" + options.stateMachineName();
    this.store = stateDir == null ? null : new ExecutionStore(stateDir);
    if (store != null) {
      for (Execution ex : store.loadAll()) {
        executions.put(ex.name, ex);
      }
    }
    this.scheduler = new ScheduledThreadPoolExecutor(options.schedulerThreads(), threads("asl-scheduler"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.workers = Executors.newFixedThreadPool(options.taskThreads(), threads("asl-task"));
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public String stateMachineArn() {
    return stateMachineArn;
  }

  // ---------------------------------------------------------------- API

  /**
   * Starts an execution.
   *
   * @param name  unique among all executions ever started on this state directory (1 to 80 characters,
   *              no white space, brackets, wildcards or {@code " # % \ ^ | ~ ` $ & , ; : /})
   * @param input the execution input; null = {}
   * @return the execution ARN
   * @throws ExecutionAlreadyExistsException when an execution of that name exists, running or finished
   */
  public String start(String name, JsonNode input) {
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    checkName(name);
    JsonNode in = input == null ? NODES.objectNode() : input.deepCopy();
    Instant now = clock.instant();
    Execution ex = new Execution(name, ARN_PREFIX + "execution:" + options.stateMachineName() + ":" + name, in, now);
    synchronized (ex) {
      if ((store != null && store.exists(name)) || executions.putIfAbsent(name, ex) != null) {
        throw new ExecutionAlreadyExistsException(name);
      }
      ex.event(now, HistoryEvent.Type.EXECUTION_STARTED, null, null);
      ex.stateName = definition.startAt;
      ex.stateInput = in;
      ex.enteredTime = now;
      ex.phase = Execution.Phase.ENTERING;
      if (definition.timeoutSeconds != null && timeScale > 0) {
        ex.deadline = now.plusNanos(scaled(definition.timeoutSeconds, timeScale));
      }
      persist(ex);
      armDeadline(ex);
      continueLater(ex, 0, this::runState);
    }
    return ex.arn;
  }

  /**
   * Stops a running execution: it becomes ABORTED with this error and cause and runs no further
   * state (a Task being invoked may finish, but its result is discarded). A finished execution is
   * left as it is.
   *
   * @throws NoSuchElementException when there is no execution of that name
   */
  public ExecutionInfo stop(String name, String error, String cause) {
    Execution ex = executions.get(name);
    if (ex == null) {
      throw new NoSuchElementException("Execution does not exist: '" + name + "'");
    }
    synchronized (ex) {
      if (ex.status == ExecutionStatus.RUNNING) {
        Future<?> pending = ex.pending;
        finish(ex, ExecutionStatus.ABORTED, null, error, cause, HistoryEvent.Type.EXECUTION_ABORTED);
        if (pending != null) {
          pending.cancel(false);
        }
      }
      return ex.info();
    }
  }

  public Optional<ExecutionInfo> describe(String name) {
    Execution ex = executions.get(name);
    if (ex == null) {
      return Optional.empty();
    }
    synchronized (ex) {
      return Optional.of(ex.info());
    }
  }

  /** Every known execution (including persisted ones), oldest first. */
  public List<ExecutionInfo> list() {
    List<ExecutionInfo> out = new ArrayList<>();
    for (Execution ex : executions.values()) {
      synchronized (ex) {
        out.add(ex.info());
      }
    }
    out.sort(Comparator.comparing(ExecutionInfo::startTime).thenComparing(ExecutionInfo::name));
    return out;
  }

  /**
   * Waits until the execution has finished or the timeout has passed, and describes it (still
   * RUNNING when the timeout passed first).
   *
   * @throws NoSuchElementException when there is no execution of that name
   */
  public ExecutionInfo await(String name, Duration timeout) {
    Execution ex = executions.get(name);
    if (ex == null) {
      throw new NoSuchElementException("Execution does not exist: '" + name + "'");
    }
    try {
      ex.done.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // described as it is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (ex) {
      return ex.info();
    }
  }

  /**
   * Continues every persisted execution that was RUNNING when its executor stopped, from its last
   * completed state: a Wait or a retry delay resumes with the time it had left; a Task that was being
   * invoked is invoked again. Call once, after construction.
   *
   * @return the names of the resumed executions, sorted
   */
  public List<String> resumePersisted() {
    List<String> names = new ArrayList<>();
    for (Execution ex : executions.values()) {
      synchronized (ex) {
        if (!ex.dormant) {
          continue;
        }
        ex.dormant = false;
        if (ex.status != ExecutionStatus.RUNNING) {
          continue;
        }
        Instant now = clock.instant();
        ex.event(now, HistoryEvent.Type.EXECUTION_RESUMED, ex.stateName, ex.phase.name());
        persist(ex);
        armDeadline(ex);
        long remaining = ex.waitUntil == null ? 0 : Math.max(0, Duration.between(now, ex.waitUntil).toNanos());
        switch (ex.phase) {
          case ENTERING -> continueLater(ex, 0, this::runState);
          case WAITING -> continueLater(ex, remaining, this::endWait);
          case BACKOFF -> continueLater(ex, remaining, this::attempt);
          case TASK -> continueLater(ex, 0, this::attempt);
          case CALLBACK -> {
            // Waits on with the same token, and whatever its clocks have left.
            if (ex.taskToken != null) {
              byToken.put(ex.taskToken, ex);
              armCallbackTimers(ex);
            } else {
              continueLater(ex, 0, this::attempt);
            }
          }
          default -> throw new IllegalStateException(ex.phase.name());
        }
        names.add(ex.name);
      }
    }
    names.sort(null);
    return names;
  }

  /** Stops the threads. Running executions stay RUNNING on disk, to be resumed by a later executor. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    workers.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- scheduling

  /** Runs step on the scheduler after the delay, unless the execution has moved on or ended by then. */
  private void continueLater(Execution ex, long delayNanos, Consumer<Execution> step) {
    long token = ++ex.token;
    Runnable r = () -> guarded(ex, token, step);
    try {
      ex.pending = delayNanos <= 0 ? scheduler.submit(r) : scheduler.schedule(r, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  private void guarded(Execution ex, long token, Consumer<Execution> step) {
    synchronized (ex) {
      if (closed || ex.dormant || ex.status != ExecutionStatus.RUNNING || ex.token != token) {
        return;
      }
      ex.token++;
      try {
        step.accept(ex);
      } catch (StatesError e) {
        failExecution(ex, e.error, e.cause);
      } catch (RuntimeException e) {
        io.mjserverless.core.log.Log.error("local.executor-failed", e, "execution", ex.name);
        failExecution(ex, StatesError.RUNTIME, "internal error of the local executor: " + e);
      }
    }
  }

  private void armDeadline(Execution ex) {
    if (ex.deadline == null) {
      return;
    }
    long nanos = Math.max(0, Duration.between(clock.instant(), ex.deadline).toNanos());
    try {
      ex.deadlineTimer = scheduler.schedule(() -> {
        synchronized (ex) {
          if (closed || ex.dormant || ex.status != ExecutionStatus.RUNNING) {
            return;
          }
          Future<?> pending = ex.pending;
          finish(ex, ExecutionStatus.TIMED_OUT, null, StatesError.TIMEOUT,
              "The execution ran longer than the state machine's TimeoutSeconds (" + definition.timeoutSeconds + ")",
              HistoryEvent.Type.EXECUTION_TIMED_OUT);
          if (pending != null) {
            pending.cancel(false);
          }
        }
      }, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  private static long scaled(double seconds, double scale) {
    double nanos = seconds * scale * 1e9;
    return nanos >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) nanos;
  }

  private void persist(Execution ex) {
    if (store != null && !closed) {
      store.save(ex);
    }
  }

  // ---------------------------------------------------------------- states

  private StateSpec spec(Execution ex) {
    StateSpec s = definition.states.get(ex.stateName);
    if (s == null) {
      throw StatesError.runtime("The state machine has no state '" + ex.stateName + "' (was the definition changed?)");
    }
    return s;
  }

  private void runState(Execution ex) {
    StateSpec s = spec(ex);
    Instant now = clock.instant();
    ex.event(now, HistoryEvent.Type.STATE_ENTERED, s.name, null);
    switch (s.type) {
      case PASS -> {
        JsonNode in = effectiveInput(s, ex);
        JsonNode result;
        if (s.result != null) {
          result = s.result.deepCopy();
        } else if (s.parameters != null) {
          result = s.parameters.apply(in, context(ex));
        } else {
          result = in;
        }
        exit(ex, s, outputPath(s, ex, resultPath(s.resultPath, ex, result)));
      }
      case WAIT -> startWait(ex, s, now);
      case CHOICE -> {
        JsonNode in = effectiveInput(s, ex);
        JsonNode context = context(ex);
        String next = null;
        for (StateSpec.Choice choice : s.choices) {
          if (choice.rule().test(in, context)) {
            next = choice.next();
            break;
          }
        }
        if (next == null) {
          next = s.defaultNext;
        }
        if (next == null) {
          throw new StatesError(StatesError.NO_CHOICE_MATCHED,
              "No Choice rule matched and there was no Default in the state '" + s.name + "'");
        }
        transition(ex, s, next, outputPath(s, ex, in));
      }
      case SUCCEED -> {
        JsonNode out = outputPath(s, ex, effectiveInput(s, ex));
        ex.event(clock.instant(), HistoryEvent.Type.STATE_EXITED, s.name, null);
        succeed(ex, out);
      }
      case FAIL -> {
        String error = s.errorPath != null ? text(s.errorPath.evaluate(ex.stateInput, context(ex)), "ErrorPath") : s.error;
        String cause = s.causePath != null ? text(s.causePath.evaluate(ex.stateInput, context(ex)), "CausePath") : s.cause;
        failExecution(ex, error, cause);
      }
      case TASK -> {
        ex.retryCount = 0;
        ex.retrierAttempts = new int[s.retriers.size()];
        attempt(ex);
      }
      default -> throw new IllegalStateException(s.type.name());
    }
  }

  private static String text(JsonNode value, String field) {
    if (!value.isTextual()) {
      throw StatesError.runtime("The value of " + field + " must be a string, not " + JsonPathExpr.abbreviate(value));
    }
    return value.asText();
  }

  private void startWait(Execution ex, StateSpec s, Instant now) {
    JsonNode in = effectiveInput(s, ex);
    double seconds;
    if (s.seconds != null) {
      seconds = s.seconds;
    } else if (s.secondsPath != null) {
      JsonNode value = s.secondsPath.require(in, context(ex), "SecondsPath");
      Long whole = Definition.wholeSeconds(value, 0);
      if (whole == null) {
        throw StatesError.runtime("The SecondsPath '" + s.secondsPath + "' must point to a whole number of seconds >= 0, not "
            + JsonPathExpr.abbreviate(value));
      }
      seconds = whole;
    } else {
      Instant until = s.timestamp;
      if (until == null) {
        JsonNode value = s.timestampPath.require(in, context(ex), "TimestampPath");
        until = value.isTextual() ? Timestamps.parse(value.asText()) : null;
        if (until == null) {
          throw StatesError.runtime("The TimestampPath '" + s.timestampPath + "' must point to an RFC 3339 timestamp, not "
              + JsonPathExpr.abbreviate(value));
        }
      }
      seconds = Math.max(0, Duration.between(now, until).toNanos() / 1e9);
    }
    long nanos = scaled(seconds, timeScale);
    ex.phase = Execution.Phase.WAITING;
    ex.waitUntil = now.plusNanos(nanos);
    ex.event(now, HistoryEvent.Type.WAIT_STARTED, s.name, String.format(Locale.ROOT, "%.3fs", seconds));
    persist(ex);
    continueLater(ex, nanos, this::endWait);
  }

  private void endWait(Execution ex) {
    StateSpec s = spec(ex);
    exit(ex, s, outputPath(s, ex, effectiveInput(s, ex)));
  }

  /** One attempt of the current Task state: evaluates its input and hands the invocation to a worker. */
  private void attempt(Execution ex) {
    StateSpec s = spec(ex);
    if (s.type != StateSpec.Type.TASK) {
      throw StatesError.runtime("The state '" + s.name + "' is no longer a Task (was the definition changed?)");
    }
    if (ex.retrierAttempts.length != s.retriers.size()) {
      ex.retrierAttempts = java.util.Arrays.copyOf(ex.retrierAttempts, s.retriers.size());
    }
    closeCallback(ex);
    if (s.waitForToken) {
      // A new token per attempt: a late answer to an earlier attempt finds no task.
      ex.taskToken = newTaskToken();
      byToken.put(ex.taskToken, ex);
    }
    JsonNode context = context(ex);
    JsonNode in = effectiveInput(s, ex);
    JsonNode params = s.parameters != null ? s.parameters.apply(in, context) : in;
    String resource = s.resource;
    JsonNode payload = params;
    if (s.lambdaInvoke) {
      JsonNode function = params.get("FunctionName");
      if (function == null || !function.isTextual() || function.asText().isEmpty()) {
        throw StatesError.runtime("The parameter FunctionName of " + StateSpec.LAMBDA_INVOKE + " must be a non-empty string");
      }
      resource = function.asText();
      payload = params.has("Payload") ? params.get("Payload") : NODES.objectNode();
    }
    Long timeout = null;
    if (s.timeoutSeconds != null) {
      timeout = (long) s.timeoutSeconds;
    } else if (s.timeoutSecondsPath != null) {
      JsonNode value = s.timeoutSecondsPath.require(in, context, "TimeoutSecondsPath");
      timeout = Definition.wholeSeconds(value, 1);
      if (timeout == null) {
        throw StatesError.runtime("The TimeoutSecondsPath '" + s.timeoutSecondsPath + "' must point to a whole number >= 1, not "
            + JsonPathExpr.abbreviate(value));
      }
    }
    ex.phase = Execution.Phase.TASK;
    ex.waitUntil = null;
    ex.event(clock.instant(), HistoryEvent.Type.TASK_STARTED, s.name, "attempt " + ex.retryCount + ": " + resource);
    if (s.waitForToken) {
      armCallback(ex, s, in, context, timeout);
      timeout = null; // the callback's timers cover the invocation and the wait after it
    }
    persist(ex);
    long token = ++ex.token;
    String target = resource;
    JsonNode argument = payload.deepCopy();
    Long timeoutSeconds = timeout;
    try {
      ex.pending = workers.submit(() -> invoke(ex, token, target, argument, timeoutSeconds));
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  /** On a worker thread: invokes the resource, then reports back under the execution's lock. */
  private void invoke(Execution ex, long token, String resource, JsonNode payload, Long timeoutSeconds) {
    synchronized (ex) {
      if (closed || ex.status != ExecutionStatus.RUNNING || ex.token != token) {
        return;
      }
    }
    Future<?> timer = null;
    if (timeoutSeconds != null) {
      long nanos = scaled(timeoutSeconds, options.taskTimeoutScale());
      try {
        timer = scheduler.schedule(() -> guarded(ex, token, x -> {
          Future<?> worker = x.pending;
          if (worker != null) {
            worker.cancel(true);
          }
          taskFailed(x, spec(x), StatesError.TIMEOUT, "The task did not finish within " + timeoutSeconds + " seconds");
        }), nanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        return;
      }
    }
    JsonNode result = null;
    TaskFailedException failure = null;
    try {
      result = invoker.invoke(resource, payload);
      result = result == null ? NullNode.getInstance() : result.deepCopy();
    } catch (TaskFailedException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = TaskFailedException.of(e);
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      // An invoker may leave the interrupt flag set; it would make the file writes below fail.
      Thread.interrupted();
    }
    JsonNode finalResult = result;
    TaskFailedException finalFailure = failure;
    guarded(ex, token, x -> {
      StateSpec s = spec(x);
      if (finalFailure != null) {
        closeCallback(x);
        taskFailed(x, s, finalFailure.error(), finalFailure.cause());
      } else if (s.waitForToken && x.taskToken != null) {
        // The function's answer is not the state's result: the token's SendTaskSuccess will be.
        x.phase = Execution.Phase.CALLBACK;
        x.event(clock.instant(), HistoryEvent.Type.TASK_SUBMITTED, s.name, callbackDetail(x));
        persist(x);
      } else {
        taskSucceeded(x, s, finalResult);
      }
    });
  }

  // ---------------------------------------------------------------- task tokens

  private static String newTaskToken() {
    byte[] bytes = new byte[48];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Starts the TimeoutSeconds and HeartbeatSeconds clocks of a waitForTaskToken attempt (waiting time: scaled like a Wait). */
  private void armCallback(Execution ex, StateSpec s, JsonNode in, JsonNode context, Long timeoutSeconds) {
    Long heartbeat = null;
    if (s.heartbeatSeconds != null) {
      heartbeat = (long) s.heartbeatSeconds;
    } else if (s.heartbeatSecondsPath != null) {
      JsonNode value = s.heartbeatSecondsPath.require(in, context, "HeartbeatSecondsPath");
      heartbeat = Definition.wholeSeconds(value, 1);
      if (heartbeat == null) {
        throw StatesError.runtime("The HeartbeatSecondsPath '" + s.heartbeatSecondsPath + "' must point to a whole number >= 1, not "
            + JsonPathExpr.abbreviate(value));
      }
    }
    Instant now = clock.instant();
    ex.heartbeatSeconds = heartbeat;
    // Waiting time, scaled like a Wait: with time scale 0 nothing waits, so the timeouts are due at once.
    ex.callbackTimeoutAt = timeoutSeconds == null ? null : now.plusNanos(scaled(timeoutSeconds, timeScale));
    ex.heartbeatAt = heartbeat == null ? null : now.plusNanos(scaled(heartbeat, timeScale));
    armCallbackTimers(ex);
  }

  private void armCallbackTimers(Execution ex) {
    String taskToken = ex.taskToken;
    if (ex.callbackTimeoutAt != null) {
      ex.callbackTimer = onTokenTimer(ex, taskToken, ex.callbackTimeoutAt, StatesError.TIMEOUT,
          "The task did not end within its TimeoutSeconds");
    }
    if (ex.heartbeatAt != null) {
      ex.heartbeatTimer = onTokenTimer(ex, taskToken, ex.heartbeatAt, StatesError.HEARTBEAT_TIMEOUT,
          "No heartbeat within " + ex.heartbeatSeconds + " seconds");
    }
  }

  /** Fails the attempt of {@code taskToken} at {@code at}, unless it has ended by then. */
  private Future<?> onTokenTimer(Execution ex, String taskToken, Instant at, String error, String cause) {
    long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
    try {
      return scheduler.schedule(() -> {
        synchronized (ex) {
          if (taskToken.equals(ex.taskToken)) {
            guarded(ex, ex.token, x -> {
              closeCallback(x);
              taskFailed(x, spec(x), error, cause);
            });
          }
        }
      }, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
      return null;
    }
  }

  /** Forgets the current attempt's token and stops its clocks. */
  private void closeCallback(Execution ex) {
    if (ex.taskToken != null) {
      byToken.remove(ex.taskToken, ex);
    }
    ex.taskToken = null;
    ex.callbackTimeoutAt = null;
    ex.heartbeatAt = null;
    ex.heartbeatSeconds = null;
    if (ex.callbackTimer != null) {
      ex.callbackTimer.cancel(false);
      ex.callbackTimer = null;
    }
    if (ex.heartbeatTimer != null) {
      ex.heartbeatTimer.cancel(false);
      ex.heartbeatTimer = null;
    }
  }

  private static String callbackDetail(Execution ex) {
    return "waiting for the task token" + (ex.heartbeatSeconds == null ? "" : ", heartbeat " + ex.heartbeatSeconds + "s")
        + (ex.callbackTimeoutAt == null ? "" : ", timeout at " + Timestamps.format(ex.callbackTimeoutAt));
  }

  /**
   * SendTaskSuccess: the waiting Task state succeeds with {@code output} as its result (then ResultSelector,
   * ResultPath, OutputPath as for any result). Allowed as soon as the token exists, even while its function
   * still runs (the function may send it itself).
   *
   * @throws NoSuchElementException when no running Task holds the token (unknown, used, timed out, or its execution ended)
   */
  public void sendTaskSuccess(String taskToken, JsonNode output) {
    onToken(taskToken, true, (ex, s) -> {
      closeCallback(ex);
      taskSucceeded(ex, s, output == null ? NullNode.getInstance() : output.deepCopy());
    });
  }

  /**
   * SendTaskFailure: the waiting Task state fails with this error (what Retry and Catch match) and cause.
   *
   * @throws NoSuchElementException as for {@link #sendTaskSuccess}
   */
  public void sendTaskFailure(String taskToken, String error, String cause) {
    onToken(taskToken, true, (ex, s) -> {
      closeCallback(ex);
      taskFailed(ex, s, error == null ? "" : error, cause);
    });
  }

  /**
   * SendTaskHeartbeat: restarts the HeartbeatSeconds clock (TimeoutSeconds runs on). Writes no history event.
   *
   * @throws NoSuchElementException as for {@link #sendTaskSuccess}
   */
  public void sendTaskHeartbeat(String taskToken) {
    // Not a step of the execution: runs under its lock without invalidating the invocation in flight.
    onToken(taskToken, false, (ex, s) -> {
      if (ex.heartbeatSeconds != null && ex.heartbeatAt != null) {
        if (ex.heartbeatTimer != null) {
          ex.heartbeatTimer.cancel(false);
        }
        ex.heartbeatAt = clock.instant().plusNanos(scaled(ex.heartbeatSeconds, timeScale));
        ex.heartbeatTimer = onTokenTimer(ex, ex.taskToken, ex.heartbeatAt, StatesError.HEARTBEAT_TIMEOUT,
            "No heartbeat within " + ex.heartbeatSeconds + " seconds");
        persist(ex);
      }
    });
  }

  /** Whether a running Task of this executor waits on the token (the Step Functions endpoint asks each executor). */
  public boolean holdsTaskToken(String taskToken) {
    return taskToken != null && byToken.containsKey(taskToken);
  }

  /** Runs {@code action} on the execution waiting on the token; {@code step}: as a step (ends the invocation in flight). */
  private void onToken(String taskToken, boolean step, java.util.function.BiConsumer<Execution, StateSpec> action) {
    Execution ex = taskToken == null ? null : byToken.get(taskToken);
    if (ex == null) {
      throw new NoSuchElementException("Task Does Not Exist: no running task holds this token");
    }
    synchronized (ex) {
      if (closed || ex.dormant || ex.status != ExecutionStatus.RUNNING || !taskToken.equals(ex.taskToken)) {
        throw new NoSuchElementException("Task Does Not Exist: no running task holds this token");
      }
      if (step) {
        guarded(ex, ex.token, x -> action.accept(x, spec(x)));
      } else {
        action.accept(ex, spec(ex));
      }
    }
  }

  private void taskSucceeded(Execution ex, StateSpec s, JsonNode result) {
    ex.event(clock.instant(), HistoryEvent.Type.TASK_SUCCEEDED, s.name, null);
    JsonNode r = result;
    if (s.lambdaInvoke && !s.waitForToken) { // SendTaskSuccess's output is the result as it is
      ObjectNode wrapped = NODES.objectNode();
      wrapped.put("StatusCode", 200);
      wrapped.set("Payload", result);
      r = wrapped;
    }
    if (s.resultSelector != null) {
      r = s.resultSelector.apply(r, context(ex));
    }
    JsonNode combined;
    try {
      combined = resultPath(s.resultPath, ex, r);
    } catch (StatesError e) {
      taskFailed(ex, s, e.error, e.cause);
      return;
    }
    exit(ex, s, outputPath(s, ex, combined));
  }

  private void taskFailed(Execution ex, StateSpec s, String error, String cause) {
    Instant now = clock.instant();
    ex.event(now, HistoryEvent.Type.TASK_FAILED, s.name, error + (cause == null ? "" : ": " + cause));
    if (error.equals(StatesError.RUNTIME)) {
      failExecution(ex, error, cause);
      return;
    }
    for (int i = 0; i < s.retriers.size(); i++) {
      StateSpec.Retrier r = s.retriers.get(i);
      if (!matches(r.errorEquals(), error)) {
        continue;
      }
      int used = ex.retrierAttempts[i];
      if (used >= r.maxAttempts()) {
        break;
      }
      double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), used);
      if (r.maxDelaySeconds() != null) {
        delay = Math.min(delay, r.maxDelaySeconds());
      }
      if (r.fullJitter()) {
        delay = ThreadLocalRandom.current().nextDouble() * delay;
      }
      ex.retrierAttempts[i] = used + 1;
      ex.retryCount++;
      long nanos = scaled(delay, timeScale);
      ex.phase = Execution.Phase.BACKOFF;
      ex.waitUntil = now.plusNanos(nanos);
      ex.event(now, HistoryEvent.Type.RETRY_SCHEDULED, s.name, String.format(Locale.ROOT,
          "retrier %d, retry %d of %d, after %.3fs", i, used + 1, r.maxAttempts(), delay));
      persist(ex);
      continueLater(ex, nanos, this::attempt);
      return;
    }
    for (StateSpec.Catcher c : s.catchers) {
      if (!matches(c.errorEquals(), error)) {
        continue;
      }
      ObjectNode errorOutput = NODES.objectNode();
      errorOutput.put("Error", error);
      if (cause != null) {
        errorOutput.put("Cause", cause);
      }
      JsonNode out = resultPath(c.resultPath(), ex, errorOutput);
      ex.event(now, HistoryEvent.Type.CATCH_TAKEN, s.name, error + " -> " + c.next());
      transition(ex, s, c.next(), out);
      return;
    }
    failExecution(ex, error, cause);
  }

  /** ErrorEquals matching: States.ALL matches all but States.Runtime; States.TaskFailed all but States.Timeout too. */
  static boolean matches(List<String> errorEquals, String error) {
    boolean terminal = error.equals(StatesError.RUNTIME) || error.equals("States.DataLimitExceeded");
    for (String name : errorEquals) {
      if (name.equals(error)) {
        return true;
      }
      if (name.equals(StatesError.ALL) && !terminal) {
        return true;
      }
      if (name.equals(StatesError.TASK_FAILED) && !terminal && !error.equals(StatesError.TIMEOUT)) {
        return true;
      }
    }
    return false;
  }

  private void exit(Execution ex, StateSpec s, JsonNode output) {
    if (s.end) {
      ex.event(clock.instant(), HistoryEvent.Type.STATE_EXITED, s.name, null);
      succeed(ex, output);
    } else {
      transition(ex, s, s.next, output);
    }
  }

  private void transition(Execution ex, StateSpec from, String next, JsonNode output) {
    Instant now = clock.instant();
    ex.event(now, HistoryEvent.Type.STATE_EXITED, from.name, "-> " + next);
    ex.stateName = next;
    ex.stateInput = output;
    ex.enteredTime = now;
    ex.retryCount = 0;
    ex.retrierAttempts = new int[0];
    ex.phase = Execution.Phase.ENTERING;
    ex.waitUntil = null;
    persist(ex);
    continueLater(ex, 0, this::runState);
  }

  private void succeed(Execution ex, JsonNode output) {
    finish(ex, ExecutionStatus.SUCCEEDED, output, null, null, HistoryEvent.Type.EXECUTION_SUCCEEDED);
  }

  private void failExecution(Execution ex, String error, String cause) {
    finish(ex, ExecutionStatus.FAILED, null, error, cause, HistoryEvent.Type.EXECUTION_FAILED);
  }

  private void finish(Execution ex, ExecutionStatus status, JsonNode output, String error, String cause, HistoryEvent.Type type) {
    Instant now = clock.instant();
    ex.status = status;
    ex.output = output;
    ex.error = error;
    ex.cause = cause;
    ex.stopTime = now;
    ex.token++;
    closeCallback(ex);
    ex.event(now, type, null, error == null ? null : error + (cause == null ? "" : ": " + cause));
    if (ex.deadlineTimer != null) {
      ex.deadlineTimer.cancel(false);
    }
    persist(ex);
    ex.done.complete(null);
  }

  // ---------------------------------------------------------------- input and output processing

  private JsonNode effectiveInput(StateSpec s, Execution ex) {
    JsonPathExpr path = s.inputPath.path();
    return path == null ? NODES.objectNode() : path.require(ex.stateInput, context(ex), "InputPath");
  }

  private static JsonNode resultPath(StateSpec.IoPath resultPath, Execution ex, JsonNode result) {
    JsonPathExpr path = resultPath.path();
    return path == null ? ex.stateInput : path.write(ex.stateInput, result);
  }

  private JsonNode outputPath(StateSpec s, Execution ex, JsonNode combined) {
    JsonPathExpr path = s.outputPath.path();
    return path == null ? NODES.objectNode() : path.require(combined, context(ex), "OutputPath");
  }

  private JsonNode context(Execution ex) {
    ObjectNode c = NODES.objectNode();
    ObjectNode execution = c.putObject("Execution");
    execution.put("Id", ex.arn);
    execution.set("Input", ex.input);
    execution.put("Name", ex.name);
    execution.put("RoleArn", ROLE_ARN);
    execution.put("StartTime", Timestamps.format(ex.startTime));
    execution.put("RedriveCount", 0);
    ObjectNode state = c.putObject("State");
    state.put("EnteredTime", Timestamps.format(ex.enteredTime));
    state.put("Name", ex.stateName);
    state.put("RetryCount", ex.retryCount);
    if (ex.taskToken != null) {
      c.putObject("Task").put("Token", ex.taskToken);
    }
    ObjectNode machine = c.putObject("StateMachine");
    machine.put("Id", stateMachineArn);
    machine.put("Name", options.stateMachineName());
    return c;
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > 80) {
      throw new IllegalArgumentException("InvalidName: an execution name has 1 to 80 characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0 || c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        throw new IllegalArgumentException("InvalidName: '" + name + "' contains the character '" + c + "'");
      }
    }
  }
}
