package io.mjserverless.api;

import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.Operation;

/** HTTP function: API key management for admins. */
public final class AdminFunction extends HttpFunction {
  // Built once per container (and captured by SnapStart), not per request.
  private static final class Services {
    static final ApiServices INSTANCE = ApiServices.forContainer(Operation.Function.ADMIN);
  }

  public AdminFunction() {
    this(Services.INSTANCE);
  }

  public AdminFunction(ApiServices services) {
    super(services, Operation.Function.ADMIN);
  }
}
