package io.mjserverless.core.notify;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A client-supplied URL together with the addresses it resolved to when it was checked. Connections
 * go to these addresses and nowhere else, so a DNS answer that changes after the check (rebinding)
 * cannot move the request into our own network.
 *
 * @param host the host name as the URL gives it, without IPv6 brackets (for Host, SNI and certificates)
 */
public record CheckedTarget(URI uri, String host, int port, boolean https, List<InetAddress> addresses) {
  public CheckedTarget {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a checked target needs at least one address");
    }
  }

  /** The request target of the first line: path and query, never the fragment. */
  public String requestTarget() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** The Host header: the name as given, bracketed when IPv6, with the port when not the scheme's default. */
  public String hostHeader() {
    String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == (https ? 443 : 80) ? name : name + ":" + port;
  }
}
