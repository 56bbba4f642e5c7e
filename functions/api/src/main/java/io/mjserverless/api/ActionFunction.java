package io.mjserverless.api;

import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.Operation;

/** HTTP function: buttons of finished tasks (action, modal, change, simple-change). */
public final class ActionFunction extends HttpFunction {
  // Built once per container (and captured by SnapStart), not per request.
  private static final class Services {
    static final ApiServices INSTANCE = ApiServices.forContainer(Operation.Function.ACTION);
  }

  public ActionFunction() {
    this(Services.INSTANCE);
  }

  public ActionFunction(ApiServices services) {
    super(services, Operation.Function.ACTION);
  }
}
