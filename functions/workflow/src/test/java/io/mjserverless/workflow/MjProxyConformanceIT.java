package io.mjserverless.workflow;

import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.core.testing.FakeMjProxy.Answer;
import io.mjserverless.core.testing.LocalAws;
import java.util.Arrays;
import java.util.Map;

/** The conformance suite on the mjproxy engine with its fake provider. */
class MjProxyConformanceIT extends EngineConformance {
  static final String KEY = "sk-conformance";
  private final FakeMjProxy provider = FakeMjProxy.start().secret(KEY).jobMillis(20_000).gridSide(64);

  MjProxyConformanceIT(LocalAws aws) {
    super(aws);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("FAST_ENGINE", "mjproxy", "FAST_MJPROXY_URL", provider.baseUrl(), "FAST_MJPROXY_KEY", KEY,
        "FAST_MJPROXY_TIMEOUT_SECONDS", "2");
  }

  @Override
  protected void attach(WorkflowFixture fixture) {
    provider.clock(fixture.clock::millis);
  }

  @Override
  protected void stopProvider() {
    provider.close();
  }

  @Override
  protected void refuseNextImagine() {
    provider.script("submit/imagine", Answer.code(24));
  }

  @Override
  protected void stallNextImagine() {
    Answer[] full = new Answer[200];
    Arrays.fill(full, Answer.code(23));
    provider.script("submit/imagine", full);
  }
}
