package io.mjserverless.core.notify;

import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses our outbound requests to client-supplied URLs (callbacks, image links) may reach.
 * Set by {@code OUTBOUND_ADDRESS_POLICY}. In AWS only public addresses make sense; the local runtime
 * also allows loopback, because a developer's receiver listens on this machine. No policy allows
 * private ranges, link-local or the metadata service: nothing legitimate lives there for a client.
 */
public enum OutboundAddressPolicy {
  /** Public internet addresses only (the default, and the only sensible setting in AWS). */
  PUBLIC_ONLY("public-only"),
  /** Public addresses and loopback (127.0.0.0/8, ::1): for the local runtime and tests. */
  PUBLIC_AND_LOOPBACK("public-and-loopback");

  private final String setting;

  OutboundAddressPolicy(String setting) {
    this.setting = setting;
  }

  /** The value of {@code OUTBOUND_ADDRESS_POLICY} that selects this policy. */
  public String setting() {
    return setting;
  }

  public static Optional<OutboundAddressPolicy> fromSetting(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (OutboundAddressPolicy p : values()) {
      if (p.setting.equals(v)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  boolean allowsLoopback() {
    return this == PUBLIC_AND_LOOPBACK;
  }
}
