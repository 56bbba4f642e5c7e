package io.mjserverless.api;

import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.Operation;

/** HTTP function: imagine, blend, describe, shorten, face swap and image uploads. */
public final class SubmitFunction extends HttpFunction {
  // Built once per container (and captured by SnapStart), not per request.
  private static final class Services {
    static final ApiServices INSTANCE = ApiServices.forContainer(Operation.Function.SUBMIT);
  }

  public SubmitFunction() {
    this(Services.INSTANCE);
  }

  public SubmitFunction(ApiServices services) {
    super(services, Operation.Function.SUBMIT);
  }
}
