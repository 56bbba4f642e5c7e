package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.local.runtime.LambdaHost;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import io.mjserverless.local.template.SamTemplate;
import io.mjserverless.local.template.TemplateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --param Name=Value} and the provider keys of the local runtime, without starting it: the
 * template is read and a function's environment built exactly as {@link LocalRuntime#start} does.
 */
class LocalParametersTest {
  static final Path TEMPLATE = Path.of("../template.yaml");

  @TempDir
  Path dataDir;

  @Test
  void paramsAreCollectedInOrderBesideTheOtherFlags() {
    Main.Arguments a = Main.Arguments.parse("serve", "--param", "FastEngine=mjproxy", "--port", "0",
        "--param", "FastProviderUrl=http://127.0.0.1:9000/base?x=1", "--param", "RelaxProviderUrl=");
    assertEquals(List.of("FastEngine", "FastProviderUrl", "RelaxProviderUrl"), List.copyOf(a.parameters().keySet()));
    assertEquals("mjproxy", a.parameters().get("FastEngine"));
    assertEquals("http://127.0.0.1:9000/base?x=1", a.parameters().get("FastProviderUrl"), "only the first = splits");
    assertEquals("", a.parameters().get("RelaxProviderUrl"), "an empty value is a value");
    assertEquals(Map.of("--port", "0"), a.flags());
    assertTrue(a.positional().isEmpty());

    Main.Arguments demo = Main.Arguments.parse("demo", "a lighthouse", "--param", "SimulatorTimeScale=0.5");
    assertEquals(List.of("a lighthouse"), demo.positional());
    assertEquals(Map.of("SimulatorTimeScale", "0.5"), demo.parameters());
  }

  @Test
  void malformedParamsAreRefusedNamingTheProblem() {
    IllegalArgumentException noEquals = assertThrows(IllegalArgumentException.class,
        () -> Main.Arguments.parse("serve", "--param", "FastEngine"));
    assertTrue(noEquals.getMessage().contains("Name=Value") && noEquals.getMessage().contains("FastEngine"), noEquals.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Main.Arguments.parse("serve", "--param", "=mjproxy"));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Main.Arguments.parse("serve", "--param"));
    assertTrue(missing.getMessage().contains("--param needs a value"), missing.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> Main.Arguments.parse("serve", "--param", "FastEngine=mjproxy", "--param", "FastEngine=simulator"));
    assertTrue(twice.getMessage().contains("FastEngine"), twice.getMessage());
  }

  @Test
  void anUnknownParameterFailsAtStartNamingIt() {
    RuntimeOptions options = options("serve", "--param", "FastEngin=mjproxy");
    TemplateException e = assertThrows(TemplateException.class, () -> LocalRuntime.start(options, true));
    assertTrue(e.getMessage().contains("'FastEngin'"), e.getMessage());
    assertTrue(e.getMessage().contains("no such parameter"), e.getMessage());
  }

  @Test
  void aValueOutsideAllowedValuesFailsAtStartNamingIt() {
    TemplateException engine = assertThrows(TemplateException.class,
        () -> LocalRuntime.loadTemplate(options("serve", "--param", "FastEngine=midjourney")));
    assertTrue(engine.getMessage().contains("FastEngine") && engine.getMessage().contains("midjourney")
        && engine.getMessage().contains("AllowedValues [simulator, mjproxy, openai, discord]"), engine.getMessage());
    TemplateException timeout = assertThrows(TemplateException.class,
        () -> LocalRuntime.loadTemplate(options("serve", "--param", "TurboProviderTimeoutSeconds=600")));
    assertTrue(timeout.getMessage().contains("TurboProviderTimeoutSeconds") && timeout.getMessage().contains("MaxValue"),
        timeout.getMessage());
  }

  @Test
  void aFunctionGetsTheModesProviderSettingsAndTheKeyFromTheEnvironment() {
    Map<String, String> processEnvironment = Map.of(
        "FAST_MJPROXY_KEY", "sk-fast-123",
        "RELAX_MJPROXY_KEY", "  ",
        "PATH", "/usr/bin",
        "FAST_MJPROXY_URL", "http://ignored.example.com");
    RuntimeOptions options = Main.options(Main.Arguments.parse("serve", "--data-dir", dataDir.toString(),
            "--template", TEMPLATE.toString(),
            "--param", "FastEngine=mjproxy", "--param", "FastProviderUrl=http://127.0.0.1:9000",
            "--param", "FastProviderAuth=bearer"),
        processEnvironment, dataDir, 1.0, 0);
    assertEquals(Map.of("FAST_MJPROXY_KEY", "sk-fast-123"), options.extraEnvironment(),
        "only the provider keys that are set are taken from the process environment");
    assertFalse(options.toString().contains("sk-fast-123"), "the key stays out of toString");

    SamTemplate template = LocalRuntime.loadTemplate(options);
    LambdaHost host = new LambdaHost(template, LocalRuntime.localEnvironment(options, Map.of()));
    for (String function : List.of("DispatchFunction", "PollFunction", "StoreResultFunction", "SubmitFunction")) {
      Map<String, String> env = host.environment(function);
      assertEquals("mjproxy", env.get("FAST_ENGINE"), function);
      assertEquals("http://127.0.0.1:9000", env.get("FAST_MJPROXY_URL"), function);
      assertEquals("bearer", env.get("FAST_MJPROXY_AUTH"), function);
      assertEquals("sk-fast-123", env.get("FAST_MJPROXY_KEY"), function);
      assertEquals("simulator", env.get("RELAX_ENGINE"), function);
      assertFalse(env.containsKey("RELAX_MJPROXY_KEY"), function);
      assertEquals("public-and-loopback", env.get("OUTBOUND_ADDRESS_POLICY"));
    }
    // The key reached the functions around the template, never through it.
    assertFalse(template.parameters().containsValue("sk-fast-123"));
    assertFalse(template.functions().get("PollFunction").environment().containsValue("sk-fast-123"));
  }

  @Test
  void paramsOverrideWhatTheRuntimesOwnFlagsSet() {
    RuntimeOptions options = new RuntimeOptions(TEMPLATE, dataDir, "127.0.0.1", 0, 0.1, "flag-key")
        .withParameters(Map.of("AdminApiKey", "param-key"));
    SamTemplate template = LocalRuntime.loadTemplate(options);
    assertEquals("param-key", template.parameters().get("AdminApiKey"));
    assertEquals("0.1", template.parameters().get("SimulatorTimeScale"));
    assertEquals("param-key", template.functions().get("TaskFunction").environment().get("ADMIN_API_KEY"));
  }

  @Test
  void extraEnvironmentIsGivenProgrammaticallyToo() {
    RuntimeOptions options = new RuntimeOptions(TEMPLATE, dataDir, "127.0.0.1", 0, 1, RuntimeOptions.DEFAULT_API_KEY)
        .withParameters(Map.of("TurboEngine", "mjproxy"))
        .withExtraEnvironment(Map.of("TURBO_MJPROXY_KEY", "sk-turbo"));
    assertEquals(Map.of("TurboEngine", "mjproxy"), options.parameters(), "with* keeps the other settings");
    LambdaHost host = new LambdaHost(LocalRuntime.loadTemplate(options), LocalRuntime.localEnvironment(options,
        Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1")));
    Map<String, String> env = host.environment("PollFunction");
    assertEquals("sk-turbo", env.get("TURBO_MJPROXY_KEY"));
    assertEquals("mjproxy", env.get("TURBO_ENGINE"));
    assertEquals("http://127.0.0.1:1", env.get("AWS_ENDPOINT_URL_S3"));
    assertEquals(Map.of("TURBO_MJPROXY_KEY", "x"), RuntimeOptions.providerKeys(Map.of("TURBO_MJPROXY_KEY", "x", "HOME", "/root")));
  }

  private RuntimeOptions options(String... args) {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--template", TEMPLATE.toString(), "--data-dir", dataDir.toString())).toArray(String[]::new);
    return Main.options(Main.Arguments.parse(all), Map.of(), dataDir, 1.0, 0);
  }
}
