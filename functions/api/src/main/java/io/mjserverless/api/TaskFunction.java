package io.mjserverless.api;

import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.Operation;

/**
 * HTTP function: fetch, list-by-condition, list, image-seed and cancel. It also takes the API's
 * {@code $default} route, so an unknown path or a wrong method is a JSON 404/405, not API Gateway's own text.
 */
public final class TaskFunction extends HttpFunction {
  private static final class Services {
    static final ApiServices INSTANCE = ApiServices.forContainer(Operation.Function.TASK);
  }

  public TaskFunction() {
    this(Services.INSTANCE);
  }

  public TaskFunction(ApiServices services) {
    super(services, Operation.Function.TASK);
  }
}
