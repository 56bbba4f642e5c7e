package io.mjserverless.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.ValidationException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address policy, through a resolver seam: no test here resolves a real name or opens a connection. */
class HookAddressGuardTest {
  /** Resolves names from a fixed table, so the test needs no DNS. */
  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
      case "sneaky.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3")};
      case "half-loopback.example.com" -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.1.2.3")};
      case "metadata.example.com" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
      case "localhost" -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")};
      // The JDK turns ::ffff:a.b.c.d literals into IPv4 addresses; a resolver may still hand over the IPv6 form.
      case "mapped-metadata.example.com" -> new InetAddress[] {mapped(169, 254, 169, 254)};
      case "mapped-private.example.com" -> new InetAddress[] {mapped(10, 0, 0, 1)};
      case "mapped-loopback.example.com" -> new InetAddress[] {mapped(127, 0, 0, 1)};
      case "nowhere.invalid" -> throw new UnknownHostException(host);
      default -> new InetAddress[] {InetAddress.getByName(host)}; // IP literals only
    };
  }

  private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, null);
  }

  private final HookAddressGuard strict = new HookAddressGuard(OutboundAddressPolicy.PUBLIC_ONLY, HookAddressGuardTest::resolve);
  private final HookAddressGuard local = new HookAddressGuard(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, HookAddressGuardTest::resolve);

  @Test
  void publicHttpAndHttpsHooksPassUnderBothPolicies() {
    for (HookAddressGuard guard : List.of(strict, local)) {
      assertEquals("hooks.example.com", guard.check("notifyHook", "https://hooks.example.com/mj?x=1").getHost());
      assertEquals("93.184.215.14", guard.check("notifyHook", "http://93.184.215.14:8080/cb").getHost());
      assertEquals("2606:2800:21f:cb07:6820:80da:af6b:8b2c",
          guard.target("notifyHook", "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/cb").host());
    }
  }

  /** Everything but loopback stays refused even where loopback is allowed (the local runtime). */
  @ParameterizedTest
  @ValueSource(strings = {
      "http://10.0.0.5/cb", "http://10.255.255.255/cb", "http://172.16.3.4/cb", "http://172.31.255.254/cb",
      "http://192.168.1.1/cb",
      "http://169.254.169.254/latest/meta-data", "http://169.254.0.1/cb", "http://metadata.example.com/cb",
      "http://[fd00:ec2::254]/latest/meta-data", "http://[fe80::1]/cb", "http://[febf:ffff::1]/cb",
      "http://[fc00::1]/cb", "http://[fd12:3456::1]/cb", "http://[fec0::1]/cb",
      "http://100.64.0.1/cb", "http://100.127.255.254/cb", "http://100.100.100.200/cb",
      "http://0.0.0.0/cb", "http://0.1.2.3/cb", "http://[::]/cb",
      "http://224.0.0.1/cb", "http://239.255.255.250/cb", "http://[ff02::1]/cb", "http://240.0.0.1/cb",
      "http://255.255.255.255/cb", "http://198.18.0.1/cb", "http://192.0.0.170/cb", "http://[2001:db8::1]/cb",
      "http://[::ffff:10.0.0.1]/cb", "http://[::ffff:169.254.169.254]/cb", "http://[::ffff:a9fe:a9fe]/cb",
      "http://mapped-metadata.example.com/cb", "http://mapped-private.example.com/cb",
      "http://[64:ff9b::a9fe:a9fe]/cb", "http://[64:ff9b::7f00:1]/cb", "http://[64:ff9b:1::a00:1]/cb",
      "http://[2002:a9fe:a9fe::1]/cb", "http://[2002:7f00:1::1]/cb", "http://[::10.0.0.1]/cb",
      "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/cb",
      "http://sneaky.example.com/cb", "http://half-loopback.example.com/cb"})
  void internalAddressesAreRefusedUnderEitherPolicy(String url) {
    for (HookAddressGuard guard : List.of(strict, local)) {
      ValidationException e = assertThrows(ValidationException.class, () -> guard.check("notifyHook", url), url);
      assertEquals("notifyHook", e.field());
      assertTrue(e.getMessage().contains("private"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9000/cb", "http://127.8.9.10/cb", "http://[::1]:9000/cb", "http://localhost:9000/cb",
      "http://[::ffff:127.0.0.1]/cb", "http://mapped-loopback.example.com/cb"})
  void loopbackPassesOnlyUnderTheLocalPolicy(String url) {
    assertEquals(url, local.check("notifyHook", url).toString());
    ValidationException e = assertThrows(ValidationException.class, () -> strict.check("notifyHook", url));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }

  @Test
  void aTargetCarriesEveryCheckedAddressAndWhatTheRequestNeeds() throws UnknownHostException {
    CheckedTarget target = local.target("notifyHook", "http://localhost:9000/cb/x?y=1#frag");
    assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), target.addresses());
    assertEquals("localhost", target.host());
    assertEquals(9000, target.port());
    assertEquals("localhost:9000", target.hostHeader());
    assertEquals("/cb/x?y=1", target.requestTarget());
    CheckedTarget https = strict.target("link", "https://hooks.example.com");
    assertTrue(https.https());
    assertEquals(443, https.port());
    assertEquals("hooks.example.com", https.hostHeader());
    assertEquals("/", https.requestTarget());
    assertEquals("[::1]", local.target("link", "http://[::1]/").hostHeader());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://hooks.example.com/x", "hooks.example.com/cb", "http:///nohost", "https://user:pw@hooks.example.com/",
      "http://nowhere.invalid/cb", "not a url at all", "http://hooks.example.com:0/cb", "http://hooks.example.com:65536/cb",
      "http://hooks.example.com:99999999999/cb"})
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

  @Test
  void policySettingsReadAsDocumented() {
    assertEquals(OutboundAddressPolicy.PUBLIC_ONLY, OutboundAddressPolicy.fromSetting("public-only").orElseThrow());
    assertEquals(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, OutboundAddressPolicy.fromSetting(" Public-And-Loopback ").orElseThrow());
    assertTrue(OutboundAddressPolicy.fromSetting("true").isEmpty());
  }
}
