package io.mjserverless.core.engine.discord.pool;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.task.Mode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The request's {@code accountFilter} (survey §9.3): which accounts may take a new task. {@code instanceId}
 * or {@code channelId} names one account; {@code modes} keeps accounts serving one of them; {@code remix}
 * keeps accounts whose remix setting matches; {@code remark} keeps accounts whose remark contains it
 * (ignoring case). Absent fields do not narrow.
 */
record AccountFilter(String instanceId, String channelId, Set<Mode> modes, Boolean remix, String remark) {

  static final AccountFilter NONE = new AccountFilter(null, null, Set.of(), null, null);

  /**
   * @throws IllegalArgumentException naming the field, for a filter of the wrong shape
   */
  static AccountFilter parse(JsonNode filter) {
    if (filter == null || filter.isNull() || filter.isMissingNode()) {
      return NONE;
    }
    if (!filter.isObject()) {
      throw new IllegalArgumentException("accountFilter must be an object");
    }
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    JsonNode list = filter.get("modes");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("accountFilter.modes must be an array of RELAX, FAST, TURBO");
      }
      for (int i = 0; i < list.size(); i++) {
        String name = list.get(i).asText("");
        int index = i;
        modes.add(Mode.fromName(name).orElseThrow(() -> new IllegalArgumentException(
            "accountFilter.modes[" + index + "] must be RELAX, FAST or TURBO, got '" + name.toUpperCase(Locale.ROOT) + "'")));
      }
    }
    Boolean remix = null;
    JsonNode r = filter.get("remix");
    if (r != null && !r.isNull()) {
      if (!r.isBoolean()) {
        throw new IllegalArgumentException("accountFilter.remix must be true, false or null");
      }
      remix = r.booleanValue();
    }
    return new AccountFilter(text(filter, "instanceId"), text(filter, "channelId"), Set.copyOf(modes), remix, text(filter, "remark"));
  }

  boolean matches(Account account) {
    if (instanceId != null && !instanceId.equals(account.id())) {
      return false;
    }
    if (channelId != null && !channelId.equals(account.channelId())) {
      return false;
    }
    if (!modes.isEmpty() && account.modes().stream().noneMatch(modes::contains)) {
      return false;
    }
    if (remix != null && remix != account.remix()) {
      return false;
    }
    return remark == null || (account.remark() != null
        && account.remark().toLowerCase(Locale.ROOT).contains(remark.toLowerCase(Locale.ROOT)));
  }

  private static String text(JsonNode filter, String field) {
    JsonNode v = filter.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("accountFilter." + field + " must be a string");
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }
}
