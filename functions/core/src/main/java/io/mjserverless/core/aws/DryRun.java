package io.mjserverless.core.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A request marked as a dry run goes through the whole client (endpoint rules, marshalling, signing)
 * and is stopped before a byte is sent. Priming uses it to load and link what the first real request
 * would, with nothing written anywhere. A marked request signs with fixed dummy credentials, so not even
 * the credential chain (which may ask a container endpoint) is consulted. Every client of
 * {@link AwsClients} carries this interceptor; an unmarked request passes untouched.
 */
public final class DryRun implements ExecutionInterceptor {
  static final ExecutionAttribute<Boolean> MARK = new ExecutionAttribute<>("mj.dryRun");
  private static final StaticCredentialsProvider DUMMY_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING", "priming"));

  /** Thrown where a marked request would have been sent; the SDK does not retry it. */
  public static final class Stopped extends RuntimeException {
    Stopped() {
      super("dry run: stopped before sending", null, false, false);
    }
  }

  /** Marks a request: pass to its {@code overrideConfiguration}. */
  public static void mark(AwsRequestOverrideConfiguration.Builder override) {
    override.putExecutionAttribute(MARK, Boolean.TRUE).credentialsProvider(DUMMY_CREDENTIALS);
  }

  /** Runs a marked call and swallows only its expected stop; anything else (a bug in priming) propagates. */
  public static void run(Runnable markedCall) {
    try {
      markedCall.run();
      throw new IllegalStateException("a dry-run request was not stopped: is the client built by AwsClients?");
    } catch (RuntimeException e) {
      if (!stoppedHere(e)) {
        throw e;
      }
    }
  }

  private static boolean stoppedHere(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Stopped) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(MARK))) {
      throw new Stopped();
    }
  }
}
