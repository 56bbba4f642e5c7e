package io.mjserverless.core.engine.mjproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.ProviderSettings;
import io.mjserverless.core.task.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Where a provider key comes from: the environment, an SSM SecureString, or Secrets Manager through SSM. */
class ProviderKeysTest {
  private final List<GetParameterRequest> asked = new ArrayList<>();

  /** SSM with a few parameters; everything else is "not found", as SSM answers it. */
  private SsmClient ssm(Map<String, String> parameters) {
    return new SsmClient() {
      @Override
      public GetParameterResponse getParameter(GetParameterRequest request) {
        asked.add(request);
        String value = parameters.get(request.name());
        if (value == null) {
          throw ParameterNotFoundException.builder().message("Parameter " + request.name() + " not found").build();
        }
        return GetParameterResponse.builder().parameter(Parameter.builder().name(request.name()).value(value).build()).build();
      }

      @Override
      public String serviceName() {
        return "ssm";
      }

      @Override
      public void close() {}
    };
  }

  private static ProviderSettings settings(Optional<String> key, Optional<String> keyParameter) {
    return new ProviderSettings(Mode.TURBO, URI.create("https://provider.example.com"), key, keyParameter,
        ProviderSettings.Auth.BEARER, false, 3, Duration.ofSeconds(30));
  }

  @Test
  void aPlainKeyNeedsNoLookupAndNoKeyMeansNone() {
    assertEquals(Optional.of("sk-local"), ProviderKeys.resolve(settings(Optional.of("sk-local"), Optional.empty()),
        () -> { throw new AssertionError("SSM must not be asked"); }));
    assertEquals(Optional.empty(), ProviderKeys.resolve(settings(Optional.empty(), Optional.empty()),
        () -> { throw new AssertionError("SSM must not be asked"); }));
  }

  @Test
  void anSsmSecureStringIsReadDecrypted() {
    SsmClient client = ssm(Map.of("/mj/turbo-key", "sk-from-ssm\n"));
    assertEquals(Optional.of("sk-from-ssm"), ProviderKeys.resolve(settings(Optional.empty(), Optional.of("/mj/turbo-key")), () -> client));
    assertEquals(Boolean.TRUE, asked.get(0).withDecryption());
  }

  @Test
  void aSecretsManagerSecretIsReadThroughSsmsReferencePath() {
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mj-turbo-AbCdEf";
    SsmClient client = ssm(Map.of("/aws/reference/secretsmanager/mj-turbo", "sk-by-name",
        "/aws/reference/secretsmanager/" + arn, "sk-by-arn"));
    assertEquals(Optional.of("sk-by-name"),
        ProviderKeys.resolve(settings(Optional.empty(), Optional.of("secretsmanager:mj-turbo")), () -> client));
    assertEquals(Optional.of("sk-by-arn"), ProviderKeys.resolve(settings(Optional.empty(), Optional.of(arn)), () -> client));
  }

  @Test
  void aKeyThatCannotBeReadFailsAtStartNamingTheSetting() {
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> ProviderKeys.resolve(settings(Optional.empty(), Optional.of("/mj/nowhere")), () -> ssm(Map.of())));
    assertTrue(missing.getMessage().contains("TURBO_MJPROXY_KEY_PARAMETER") && missing.getMessage().contains("/mj/nowhere"),
        missing.getMessage());
    IllegalStateException empty = assertThrows(IllegalStateException.class,
        () -> ProviderKeys.resolve(settings(Optional.empty(), Optional.of("/mj/blank")), () -> ssm(Map.of("/mj/blank", " "))));
    assertTrue(empty.getMessage().contains("TURBO_MJPROXY_KEY_PARAMETER"), empty.getMessage());
  }
}
