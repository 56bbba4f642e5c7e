package io.mjserverless.workflow;

import io.mjserverless.core.testing.FakeOpenAi;
import io.mjserverless.core.testing.FakeOpenAi.Answer;
import io.mjserverless.core.testing.LocalAws;
import java.util.Arrays;
import java.util.Map;

/** The conformance suite on the openai engine with a fake OpenAI-compatible provider. */
class OpenAiConformanceIT extends EngineConformance {
  static final String KEY = "sk-conformance";
  private final FakeOpenAi provider = FakeOpenAi.start().secret(KEY);

  OpenAiConformanceIT(LocalAws aws) {
    super(aws);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("FAST_ENGINE", "openai", "FAST_OPENAI_URL", provider.baseUrl(), "FAST_OPENAI_KEY", KEY,
        "FAST_OPENAI_SIZES", "64x64,96x64,64x96", "FAST_OPENAI_TIMEOUT_SECONDS", "2");
  }

  @Override
  protected void stopProvider() {
    provider.close();
  }

  @Override
  protected void refuseNextImagine() {
    provider.script("images/generations", Answer.refusal());
  }

  @Override
  protected void stallNextImagine() {
    Answer[] limited = new Answer[500];
    Arrays.fill(limited, Answer.rateLimited(30));
    provider.script("images/generations", limited);
  }
}
