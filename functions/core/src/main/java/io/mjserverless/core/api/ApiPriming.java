package io.mjserverless.core.api;

import io.mjserverless.core.api.http.HttpRequest;
import io.mjserverless.core.api.http.HttpResponse;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.aws.ClientPriming;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskView;
import java.util.Map;
import java.util.Set;

/**
 * What an HTTP function does before its SnapStart snapshot, so that the first request after a restore
 * finds its classes loaded and linked: every route it serves through the dispatcher (stopped at
 * authentication, which needs no lookup without a key), the request and answer shapes through Jackson,
 * prompt parsing, and dry runs of the SDK calls its requests make. It writes nothing and sends nothing.
 */
public final class ApiPriming {
  private static final String IMAGINE_BODY =
      "{\"prompt\":\"a lighthouse --ar 16:9 --seed 7\",\"base64Array\":[],\"notifyHook\":\"\",\"state\":\"\"}";

  private ApiPriming() {}

  public static void prime(ApiServices services, AwsClients aws, Set<Operation.Function> served) {
    ApiDispatcher dispatcher = new ApiDispatcher(services, served);
    for (Operation op : Operation.values()) {
      if (served.contains(op.function())) {
        HttpResponse answer = dispatcher.handle(new HttpRequest(op.method(), op.path().replace("{id}", "1700000000000000000"),
            Map.of("Content-Type", "application/json"), Map.of(), op.method().equals("GET") ? null : IMAGINE_BODY));
        if (answer.status() != 401) {
          throw new IllegalStateException("priming " + op + " answered " + answer.status() + ", expected 401 before any lookup");
        }
      }
    }
    // Key checks hash what a caller presents; fixed inputs (nothing random is drawn before a snapshot).
    io.mjserverless.core.auth.ApiKeys.matches("mj-priming", io.mjserverless.core.auth.ApiKeys.hash("mj-priming-other"));
    RequestBody body = RequestBody.parse(IMAGINE_BODY);
    PromptParameters.parse(body.requiredText("prompt"));
    Task task = ClientPriming.sampleTask();
    Json.write(TaskView.of(task, key -> "https://priming.invalid/" + key, services.config().discordInstanceId()));
    Json.write(SubmitResult.success(task.id(), Map.of("numberOfQueues", 1)));
    // A fetch of a running simulator task shows its live progress and preview: that view too.
    Task running = task.toBuilder().status(io.mjserverless.core.task.TaskStatus.SUBMITTED).progress("0%")
        .startTime(task.submitTime()).finishTime(null).buttons(java.util.List.of()).build();
    Json.write(TaskView.of(LiveProgress.forConfig(services.config(), java.time.Clock.systemUTC()).now(running),
        key -> "https://priming.invalid/" + key, services.config().discordInstanceId()));
    var config = services.config();
    ClientPriming.dynamo(aws, config.tasksTable(), task);
    if (served.contains(Operation.Function.ADMIN)) {
      ClientPriming.scan(aws, config.keysTable()); // listing keys scans the keys table
    }
    if (served.contains(Operation.Function.SUBMIT) || served.contains(Operation.Function.ACTION)) {
      ClientPriming.stepFunctions(aws, config.stateMachineArn());
    }
    ClientPriming.s3(aws, config.imagesBucket(), served.contains(Operation.Function.SUBMIT));
  }
}
