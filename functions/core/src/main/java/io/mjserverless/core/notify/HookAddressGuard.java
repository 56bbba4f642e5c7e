package io.mjserverless.core.notify;

import io.mjserverless.core.api.ValidationException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Refuses callback URLs that would make us call into our own network (SSRF): loopback, private,
 * link-local (which includes the 169.254.169.254 metadata service), unique-local IPv6, multicast and
 * the unspecified address. The local runtime may allow private addresses by configuration. The same
 * check runs again right before each delivery, because DNS answers can change after submit.
 */
public final class HookAddressGuard {
  public static final int MAX_LENGTH = 2000;
  private final boolean allowPrivate;
  private final HostResolver resolver;

  /** Resolves a host name to its addresses; a seam so tests need no DNS. */
  @FunctionalInterface
  public interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public HookAddressGuard(boolean allowPrivate) {
    this(allowPrivate, InetAddress::getAllByName);
  }

  public HookAddressGuard(boolean allowPrivate, HostResolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /** Returns the parsed URI or throws a ValidationException naming {@code field}. */
  public URI check(String field, String url) {
    if (url.length() > MAX_LENGTH) {
      throw new ValidationException(field, field + " is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new ValidationException(field, field + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ValidationException(field, field + " must be an http or https URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new ValidationException(field, field + " has no host");
    }
    if (uri.getUserInfo() != null) {
      throw new ValidationException(field, field + " must not carry credentials");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(stripBrackets(host));
    } catch (UnknownHostException e) {
      throw new ValidationException(field, field + " host " + host + " cannot be resolved");
    }
    for (InetAddress address : addresses) {
      if (!allowPrivate && isInternal(address)) {
        throw new ValidationException(field, field + " points to a private, loopback or link-local address, which is not allowed");
      }
    }
    return uri;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 198.18.0.0/15 benchmarking: not the public internet.
      return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second == 18 || second == 19));
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      // fc00::/7 unique local; IPv4-mapped addresses are judged by their IPv4 part.
      if ((first & 0xfe) == 0xfc) {
        return true;
      }
      if (isV4Mapped(b)) {
        try {
          return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
