package io.mjserverless.core.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * A request marked as a dry run goes through the whole client (endpoint rules, marshalling, signing,
 * then the response path) and never leaves the process: this interceptor tags it with a header, and
 * {@link DryRunHttpClient} answers a tagged request itself with a canned success. On a client whose
 * transport is not that one ({@code new DryRun()}), a marked request is stopped in
 * {@link #beforeTransmission} instead, before a byte is sent. Priming uses dry
 * runs to load and link what the first real request would, with nothing written anywhere. A marked
 * request signs with fixed dummy credentials, so not even the credential chain (which may ask a
 * container endpoint) is consulted. Every client of {@link AwsClients} carries this interceptor and that
 * HTTP client; an unmarked request passes untouched.
 */
public final class DryRun implements ExecutionInterceptor {
  static final ExecutionAttribute<Boolean> MARK = new ExecutionAttribute<>("mj.dryRun");
  private static final StaticCredentialsProvider DUMMY_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING", "priming"));

  private final boolean answeredInProcess;

  /** For a client on any transport: marked requests are stopped before sending. */
  public DryRun() {
    this(false);
  }

  /** {@code answeredInProcess}: the client's transport is {@link DryRunHttpClient}, which answers marked requests. */
  DryRun(boolean answeredInProcess) {
    this.answeredInProcess = answeredInProcess;
  }

  /** Thrown where a marked request would have been sent by a transport that cannot answer it. */
  public static final class Stopped extends RuntimeException {
    Stopped() {
      super("dry run: stopped before sending", null, false, false);
    }
  }

  /** Marks a request: pass to its {@code overrideConfiguration}. */
  public static void mark(AwsRequestOverrideConfiguration.Builder override) {
    override.putExecutionAttribute(MARK, Boolean.TRUE).credentialsProvider(DUMMY_CREDENTIALS);
  }

  /**
   * Runs a marked call; it completes with the canned answer. A call stopped instead (a client without
   * {@link DryRunHttpClient}) is swallowed too; anything else (a bug in priming) propagates.
   */
  public static void run(Runnable markedCall) {
    try {
      markedCall.run();
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
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(MARK))) {
      return context.httpRequest().toBuilder().putHeader(DryRunHttpClient.HEADER, "1").build();
    }
    return context.httpRequest();
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(MARK)) && !answeredInProcess) {
      throw new Stopped();
    }
  }
}
