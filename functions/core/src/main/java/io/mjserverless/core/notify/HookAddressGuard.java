package io.mjserverless.core.notify;

import io.mjserverless.core.api.ValidationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Refuses client-supplied URLs (callbacks, image links) that would make us call into our own network
 * (SSRF): private ranges, link-local (with the 169.254.169.254 metadata service), unique-local IPv6,
 * carrier-grade NAT, multicast, reserved ranges and, unless the {@link OutboundAddressPolicy} allows it,
 * loopback. A name is resolved once, here: {@link #target} hands the checked addresses to
 * {@link PinnedHttpClient}, which connects to them and never resolves the name again (DNS rebinding).
 */
public final class HookAddressGuard {
  public static final int MAX_LENGTH = 2000;
  private final OutboundAddressPolicy policy;
  private final HostResolver resolver;

  /** Resolves a host name to its addresses; a seam so tests need no DNS. */
  @FunctionalInterface
  public interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public HookAddressGuard(OutboundAddressPolicy policy) {
    this(policy, InetAddress::getAllByName);
  }

  public HookAddressGuard(OutboundAddressPolicy policy, HostResolver resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  public OutboundAddressPolicy policy() {
    return policy;
  }

  /** Returns the parsed URI or throws a ValidationException naming {@code field}. */
  public URI check(String field, String url) {
    return target(field, url).uri();
  }

  /**
   * Checks {@code url} and returns it with the addresses it resolved to; every one of them is allowed.
   * @throws ValidationException naming {@code field} when the URL is unusable or any address is refused
   */
  public CheckedTarget target(String field, String url) {
    if (url == null || url.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
    if (url.length() > MAX_LENGTH) {
      throw new ValidationException(field, field + " is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new ValidationException(field, field + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
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
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65_535)) {
      throw new ValidationException(field, field + " has an invalid port");
    }
    String name = stripBrackets(host);
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw new ValidationException(field, field + " host " + host + " cannot be resolved");
    }
    if (addresses == null || addresses.length == 0) {
      throw new ValidationException(field, field + " host " + host + " cannot be resolved");
    }
    // Every answer must pass, not just one: the connection may use any of them.
    for (InetAddress address : addresses) {
      if (!allows(address)) {
        throw new ValidationException(field, field + " points to a private, loopback or link-local address, which is not allowed");
      }
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    return new CheckedTarget(uri, name, port, https, List.of(addresses));
  }

  /** Whether the policy lets us connect to {@code address}. */
  public boolean allows(InetAddress address) {
    return switch (AddressRanges.classify(address)) {
      case PUBLIC -> true;
      case LOOPBACK -> policy.allowsLoopback();
      case INTERNAL -> false;
    };
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
