package io.mjserverless.core.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts an address into public, loopback or internal (everything else a client has no business making
 * us call: private ranges, link-local with the metadata service, unique-local IPv6 with
 * {@code fd00:ec2::254}, carrier-grade NAT, multicast, reserved and documentation ranges). IPv6 forms
 * that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
final class AddressRanges {
  enum Kind { PUBLIC, LOOPBACK, INTERNAL }

  private record Block(byte[] prefix, int bits) {
    static Block of(String cidr) {
      int slash = cidr.indexOf('/');
      try {
        return new Block(InetAddress.getByName(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(cidr, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (prefix[whole] & mask);
    }
  }

  private static final List<Block> LOOPBACK = List.of(Block.of("127.0.0.0/8"), Block.of("::1/128"));

  private static final List<Block> INTERNAL = List.of(
      Block.of("0.0.0.0/8"),          // "this network"; 0.0.0.0 reaches the local host on Linux
      Block.of("10.0.0.0/8"),
      Block.of("100.64.0.0/10"),      // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
      Block.of("169.254.0.0/16"),     // link-local, with the metadata service 169.254.169.254
      Block.of("172.16.0.0/12"),
      Block.of("192.0.0.0/24"),       // IETF protocol assignments
      Block.of("192.0.2.0/24"),       // documentation
      Block.of("192.168.0.0/16"),
      Block.of("198.18.0.0/15"),      // benchmarking
      Block.of("198.51.100.0/24"),    // documentation
      Block.of("203.0.113.0/24"),     // documentation
      Block.of("224.0.0.0/4"),        // multicast
      Block.of("240.0.0.0/4"),        // reserved, and the broadcast address
      Block.of("::/128"),             // unspecified
      Block.of("100::/64"),           // discard-only
      Block.of("64:ff9b:1::/48"),     // local-use NAT64: translates into private networks
      Block.of("2001::/32"),          // Teredo: hides its IPv4 address
      Block.of("2001:db8::/32"),      // documentation
      Block.of("fc00::/7"),           // unique local, with the metadata service fd00:ec2::254
      Block.of("fe80::/10"),          // link-local
      Block.of("fec0::/10"),          // the former site-local
      Block.of("ff00::/8"));          // multicast

  // Written out: the JDK parses "::ffff:0:0" into the IPv4 address 0.0.0.0.
  private static final Block V4_MAPPED = new Block(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96);
  private static final Block V4_COMPATIBLE = Block.of("::/96");
  private static final Block NAT64 = Block.of("64:ff9b::/96");
  private static final Block SIX_TO_FOUR = Block.of("2002::/16");

  private AddressRanges() {}

  static Kind classify(InetAddress address) {
    byte[] b = address.getAddress();
    if (in(LOOPBACK, b)) {
      return Kind.LOOPBACK;
    }
    if (in(INTERNAL, b)) {
      return Kind.INTERNAL;
    }
    if (address instanceof Inet6Address) {
      if (V4_MAPPED.contains(b)) {
        // ::ffff:127.0.0.1 is loopback (the JDK usually hands these over as IPv4 already).
        return classify(v4(b, 12));
      }
      // The other embedded forms lead through a translator or tunnel: only a public IPv4 inside passes.
      if (V4_COMPATIBLE.contains(b) || NAT64.contains(b)) {
        return publicOrInternal(v4(b, 12));
      }
      if (SIX_TO_FOUR.contains(b)) {
        return publicOrInternal(v4(b, 2));
      }
    }
    // Belt and braces: whatever the JDK itself calls special is never public.
    if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
        || address.isMulticastAddress() || address.isLoopbackAddress()) {
      return Kind.INTERNAL;
    }
    return Kind.PUBLIC;
  }

  private static Kind publicOrInternal(InetAddress v4) {
    return classify(v4) == Kind.PUBLIC ? Kind.PUBLIC : Kind.INTERNAL;
  }

  private static boolean in(List<Block> blocks, byte[] address) {
    for (Block block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static Inet4Address v4(byte[] b, int from) {
    try {
      return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
