package io.mjserverless.core.api.http;

/**
 * Every operation of the API with its method, path (under {@code /mj}) and the function that serves
 * it. template.yaml declares the same routes (a test holds the two together) and the local runtime
 * serves them from the template.
 */
public enum Operation {
  IMAGINE("POST", "/mj/submit/imagine", Function.SUBMIT, true),
  BLEND("POST", "/mj/submit/blend", Function.SUBMIT, true),
  DESCRIBE("POST", "/mj/submit/describe", Function.SUBMIT, true),
  SHORTEN("POST", "/mj/submit/shorten", Function.SUBMIT, true),
  SWAP_FACE("POST", "/mj/insight-face/swap", Function.SUBMIT, true),
  UPLOAD_IMAGES("POST", "/mj/submit/upload-discord-images", Function.SUBMIT, true),
  UPLOAD_URL("POST", "/mj/submit/upload-url", Function.SUBMIT, true),
  ACTION("POST", "/mj/submit/action", Function.ACTION, true),
  MODAL("POST", "/mj/submit/modal", Function.ACTION, true),
  CHANGE("POST", "/mj/submit/change", Function.ACTION, true),
  SIMPLE_CHANGE("POST", "/mj/submit/simple-change", Function.ACTION, true),
  FETCH("GET", "/mj/task/{id}/fetch", Function.TASK, false),
  LIST_BY_CONDITION("POST", "/mj/task/list-by-condition", Function.TASK, false),
  LIST_BY_IDS("POST", "/mj/task/list-by-ids", Function.TASK, false),
  LIST("GET", "/mj/task/list", Function.TASK, false),
  QUEUE("GET", "/mj/task/queue", Function.TASK, false),
  IMAGE_SEED("GET", "/mj/task/{id}/image-seed", Function.TASK, false),
  CANCEL("POST", "/mj/task/{id}/cancel", Function.TASK, false),
  CREATE_KEY("POST", "/mj/admin/api-keys", Function.ADMIN, false),
  LIST_KEYS("GET", "/mj/admin/api-keys", Function.ADMIN, false),
  REVOKE_KEY("DELETE", "/mj/admin/api-keys/{id}", Function.ADMIN, false),
  // ---- Discord accounts (admin keys only), in the peers' shape ----
  CREATE_ACCOUNT("POST", "/mj/account/create", Function.ADMIN, false),
  LIST_ACCOUNTS("GET", "/mj/account/list", Function.ADMIN, false),
  FETCH_ACCOUNT("GET", "/mj/account/{id}/fetch", Function.ADMIN, false),
  UPDATE_ACCOUNT("POST", "/mj/account/{id}/update", Function.ADMIN, false),
  ENABLE_ACCOUNT("POST", "/mj/account/{id}/enable", Function.ADMIN, false),
  DISABLE_ACCOUNT("POST", "/mj/account/{id}/disable", Function.ADMIN, false),
  DELETE_ACCOUNT("POST", "/mj/account/{id}/delete", Function.ADMIN, false),
  CHECK_ACCOUNT("POST", "/mj/account/{id}/check", Function.ADMIN, false);

  /** The Lambda functions of the HTTP API, by their template logical id. */
  public enum Function {
    SUBMIT("SubmitFunction"), ACTION("ActionFunction"), TASK("TaskFunction"), ADMIN("AdminFunction");

    private final String logicalId;

    Function(String logicalId) {
      this.logicalId = logicalId;
    }

    public String logicalId() {
      return logicalId;
    }
  }

  private final String method;
  private final String path;
  private final Function function;
  private final boolean idempotent;

  Operation(String method, String path, Function function, boolean acceptsIdempotencyKey) {
    this.method = method;
    this.path = path;
    this.function = function;
    this.idempotent = acceptsIdempotencyKey;
  }

  public String method() {
    return method;
  }

  /** The path template under {@code /mj}, e.g. {@code /mj/task/{id}/fetch}. */
  public String path() {
    return path;
  }

  /** The same path behind a speed-mode segment, as API Gateway declares it. */
  public String modePath() {
    return "/{mode}" + path;
  }

  public Function function() {
    return function;
  }

  /** Operations answered with the {code, description, result, properties} envelope (errors as code 4/9). */
  public boolean answersWithEnvelope() {
    return idempotent || this == IMAGE_SEED || this == CANCEL;
  }

  /** Submits whose answer is remembered under an {@code Idempotency-Key}. */
  public boolean acceptsIdempotencyKey() {
    return idempotent;
  }
}
