package io.mjserverless.local;

import io.mjserverless.core.log.Log;

/** Reaches the command line's package-private parts from tests in other packages. */
public final class MainAccess {
  private MainAccess() {}

  public static Log.Format logFormat(String flag) {
    return Main.logFormat(flag).orElseThrow();
  }
}
