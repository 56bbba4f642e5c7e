package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.RequestBody;
import io.mjserverless.core.api.RequestContext;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.Caller;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.auth.Role;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.simulator.SimulatorEngine;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.notify.CallbackFailedException;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.LambdaTestContext;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.workflow.StepState;
import io.mjserverless.core.workflow.WorkflowServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The workflow's five step handlers on DynamoDB Local and s3proxy, with the simulator at a compressed
 * time scale and a clock the test moves. {@link #run} walks a task through the steps the way
 * statemachine/task.asl.json routes them, feeding each handler its event file from events/workflow/.
 */
final class WorkflowFixture {
  static final String ADMIN_KEY = "workflow-admin-key";
  static final int MAX_CALLBACK_ATTEMPTS = 6;

  final LocalAws aws;
  final MutableClock clock = new MutableClock(System.currentTimeMillis());
  final TaskStore tasks;
  final S3ImageStore images;
  final ApiServices api;
  final WorkflowServices workflow;
  final Engines engines;
  final Config config;
  final List<String> started = new CopyOnWriteArrayList<>();
  final DispatchFunction dispatch;
  final PollFunction poll;
  final StoreResultFunction storeResult;
  final RecordFailureFunction recordFailure;
  final NotifyFunction notify;
  final Caller admin = new Caller(Authenticator.ADMIN_TENANT, Role.ADMIN, Authenticator.BOOTSTRAP_KEY_ID);

  WorkflowFixture(LocalAws aws) {
    this(aws, Map.of());
  }

  /**
   * With extra settings: a mode whose {@code <MODE>_ENGINE} is mjproxy or openai gets the engine the product
   * builds from them ({@link Engines#fromConfig}, provider slots in DynamoDB Local, this fixture's clock).
   */
  WorkflowFixture(LocalAws aws, Map<String, String> settings) {
    this(aws, settings, null);
  }

  /** An engine a test builds itself for FAST mode (the discord engine with an in-memory account pool). */
  interface FastEngine {
    Engine build(Config config, S3ImageStore images, TaskStore tasks, java.time.Clock clock);
  }

  WorkflowFixture(LocalAws aws, Map<String, String> settings, FastEngine fastEngine) {
    this.aws = aws;
    Map<String, String> env = aws.environment();
    env.put("OUTBOUND_ADDRESS_POLICY", "public-and-loopback"); // the test's receiver listens on loopback
    env.put("CALLBACK_TIMEOUT_SECONDS", "2");
    env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.endpointDynamo().toString());
    env.put("AWS_ENDPOINT_URL_S3", aws.endpointS3().toString());
    env.putAll(settings);
    config = Config.from(env);
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable());
    images = new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), null, Duration.ofHours(1));
    Engine simulator = new SimulatorEngine(images, tasks, new RemoteImages(io.mjserverless.core.notify.OutboundAddressPolicy.PUBLIC_AND_LOOPBACK), 1.0, 64, clock);
    Map<Mode, Engine> byMode = new EnumMap<>(Mode.class);
    boolean upstream = config.engines().values().stream().anyMatch(e -> !e.equals("simulator"));
    Engines configured = !upstream ? null
        : Engines.fromConfig(config, images, tasks, io.mjserverless.core.aws.AwsClients.from(config), clock);
    for (Mode m : Mode.values()) {
      byMode.put(m, config.engines().get(m).equals("simulator") ? simulator : configured.forMode(m));
    }
    if (fastEngine != null) {
      byMode.put(Mode.FAST, fastEngine.build(config, images, tasks, clock));
    }
    engines = new Engines(byMode);
    DynamoApiKeyStore keys = new DynamoApiKeyStore(aws.dynamo(), aws.keysTable());
    api = ApiServices.create(config, tasks, keys, new DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable()),
        images, new io.mjserverless.core.workflow.WorkflowStarter() {
          @Override
          public void start(String taskId) {
            started.add(taskId);
          }
        }, BannedWords.defaults(), Optional.of(ADMIN_KEY), clock, io.mjserverless.core.api.TaskQueryService.SeedLookup.fromEngines(() -> engines));
    workflow = WorkflowServices.create(config, tasks, keys, images, engines, Optional.of(ADMIN_KEY), clock);
    dispatch = new DispatchFunction(workflow);
    poll = new PollFunction(workflow);
    storeResult = new StoreResultFunction(workflow);
    recordFailure = new RecordFailureFunction(workflow);
    notify = new NotifyFunction(workflow);
  }

  /** Submits through the real submit service as the bootstrap admin; returns the envelope. */
  SubmitResult submit(String operation, String json) {
    RequestContext ctx = new RequestContext(admin, Optional.empty());
    RequestBody body = RequestBody.parse(json);
    return switch (operation) {
      case "imagine" -> api.submits().imagine(ctx, body);
      case "blend" -> api.submits().blend(ctx, body);
      case "describe" -> api.submits().describe(ctx, body);
      case "shorten" -> api.submits().shorten(ctx, body);
      case "swap" -> api.submits().swapFace(ctx, body);
      case "action" -> api.actions().action(ctx, body);
      case "modal" -> api.actions().modal(ctx, body);
      default -> throw new IllegalArgumentException(operation);
    };
  }

  Task task(String id) {
    return tasks.get(id).orElseThrow();
  }

  /**
   * Runs a handler on its event file from events/workflow/, with the task id and extra fields set;
   * retries a TransientStepException as the state machine's Retry does.
   */
  JsonNode step(StepFunction handler, String eventFile, String taskId, Map<String, Object> extra) {
    for (int attempt = 1; ; attempt++) {
      try {
        return stepOnce(handler, eventFile, taskId, extra);
      } catch (io.mjserverless.core.workflow.TransientStepException e) {
        if (attempt >= 8) {
          throw e;
        }
      }
    }
  }

  private JsonNode stepOnce(StepFunction handler, String eventFile, String taskId, Map<String, Object> extra) {
    try (InputStream in = getClass().getResourceAsStream("/events/workflow/" + eventFile)) {
      if (in == null) {
        throw new IllegalStateException("no event file events/workflow/" + eventFile);
      }
      ObjectNode event = (ObjectNode) Json.MAPPER.readTree(in);
      event.put("taskId", taskId);
      extra.forEach((k, v) -> event.set(k, Json.MAPPER.valueToTree(v)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, new LambdaTestContext());
      return Json.MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode step(StepFunction handler, String eventFile, String taskId) {
    return step(handler, eventFile, taskId, Map.of());
  }

  /** Walks a task through Dispatch, the Wait/Poll loop, then StoreResult (with its callback) or RecordFailure and Notify, as the ASL does. */
  Task run(String taskId) {
    JsonNode state;
    try {
      state = step(dispatch, "dispatch.json", taskId);
    } catch (RuntimeException e) {
      return failAndDeliver(taskId, e);
    }
    while (true) {
      clock.advance(Duration.ofSeconds(state.get("waitSeconds").asInt()));
      try {
        state = step(poll, "poll.json", taskId, Map.of("polls", state.get("polls").asInt()));
      } catch (RuntimeException e) {
        return failAndDeliver(taskId, e);
      }
      String outcome = state.get("outcome").asText();
      if (outcome.equals(StepState.SUCCEEDED)) {
        return storeAndDeliver(taskId);
      }
      if (outcome.equals(StepState.FAILED)) {
        fail(taskId, "JobFailed", state.get("reason").asText());
        break;
      }
      if (outcome.equals(StepState.DEADLINE_PASSED)) {
        fail(taskId, "DeadlinePassed", state.get("reason").asText());
        break;
      }
      if (outcome.equals(StepState.CANCELLED)) {
        break;
      }
      if (state.get("polls").asInt() >= 500) {
        fail(taskId, "TooManyPolls", "the job did not finish within the workflow's poll limit");
        break;
      }
    }
    deliver(taskId);
    return task(taskId);
  }

  /**
   * StoreResult as the ASL runs it: it stores and posts the final callback; a failed callback is
   * retried on it (six attempts, then the give-up record), any other error goes to RecordFailure and Notify.
   */
  private Task storeAndDeliver(String taskId) {
    for (int attempt = 0; attempt < MAX_CALLBACK_ATTEMPTS; attempt++) {
      try {
        step(storeResult, "store-result.json", taskId);
        return task(taskId);
      } catch (CallbackFailedException e) {
        clock.advance(Duration.ofSeconds(10L << attempt));
      } catch (RuntimeException e) {
        return failAndDeliver(taskId, e);
      }
    }
    step(notify, "notify-give-up.json", taskId);
    return task(taskId);
  }

  /** What the state machine's Catch does with a step that threw: RecordFailure with the error, then Notify. */
  private Task failAndDeliver(String taskId, RuntimeException e) {
    fail(taskId, e.getClass().getName(), Json.write(Map.of("errorMessage", String.valueOf(e.getMessage()))));
    deliver(taskId);
    return task(taskId);
  }

  void fail(String taskId, String error, String cause) {
    step(recordFailure, "record-failure.json", taskId, Map.of("error", Map.of("Error", error, "Cause", cause)));
  }

  /** Notify with the state machine's retry policy: up to six attempts, then the give-up record. */
  void deliver(String taskId) {
    for (int attempt = 0; attempt < MAX_CALLBACK_ATTEMPTS; attempt++) {
      try {
        step(notify, "notify.json", taskId, Map.of("attempt", attempt));
        return;
      } catch (CallbackFailedException e) {
        clock.advance(Duration.ofSeconds(10L << attempt));
      }
    }
    step(notify, "notify-give-up.json", taskId);
  }
}
