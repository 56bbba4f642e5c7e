package io.mjserverless.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookAddressGuardTest {
  /** Resolves names from a fixed table, so the test needs no DNS. */
  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
      case "sneaky.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3")};
      case "nowhere.invalid" -> throw new UnknownHostException(host);
      default -> new InetAddress[] {InetAddress.getByName(host)}; // IP literals
    };
  }

  private final HookAddressGuard strict = new HookAddressGuard(false, HookAddressGuardTest::resolve);
  private final HookAddressGuard lenient = new HookAddressGuard(true, HookAddressGuardTest::resolve);

  @Test
  void publicHttpAndHttpsHooksPass() {
    assertEquals("hooks.example.com", strict.check("notifyHook", "https://hooks.example.com/mj?x=1").getHost());
    assertEquals("93.184.215.14", strict.check("notifyHook", "http://93.184.215.14:8080/cb").getHost());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.1/cb", "http://localhost/cb", "http://10.0.0.5/cb", "http://172.16.3.4/cb", "http://192.168.1.1/cb",
      "http://169.254.169.254/latest/meta-data", "http://[::1]/cb", "http://[fd00::1]/cb", "http://0.0.0.0/cb",
      "http://100.64.1.1/cb", "http://[::ffff:127.0.0.1]/cb", "http://sneaky.example.com/cb"})
  void internalAddressesAreRefused(String url) {
    ValidationException e = assertThrows(ValidationException.class, () -> strict.check("notifyHook", url));
    assertEquals("notifyHook", e.field());
    assertTrue(e.getMessage().contains("private"), e.getMessage());
  }

  @Test
  void internalAddressesPassWhenAllowedForLocalUse() {
    assertEquals("127.0.0.1", lenient.check("notifyHook", "http://127.0.0.1:9000/cb").getHost());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://hooks.example.com/x", "hooks.example.com/cb", "http:///nohost", "https://user:pw@hooks.example.com/",
      "http://nowhere.invalid/cb", "not a url at all"})
  void malformedHooksAreRefusedNamingTheField(String url) {
    ValidationException e = assertThrows(ValidationException.class, () -> strict.check("notifyHook", url));
    assertEquals("notifyHook", e.field());
    assertTrue(e.getMessage().startsWith("notifyHook"), e.getMessage());
  }

  @Test
  void overlongHookIsRefused() {
    String url = "https://hooks.example.com/" + "a".repeat(HookAddressGuard.MAX_LENGTH);
    assertThrows(ValidationException.class, () -> strict.check("notifyHook", url));
  }
}
