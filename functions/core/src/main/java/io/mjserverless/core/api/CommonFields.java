package io.mjserverless.core.api;

import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.task.BotType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The fields every submit shares: where to call back, the client's opaque state, which bot. */
public record CommonFields(Optional<String> notifyHook, Optional<String> state, BotType botType) {
  public static final int MAX_STATE_LENGTH = 4000;

  public static CommonFields read(RequestBody body, HookAddressGuard hooks) {
    Optional<String> hook = body.text("notifyHook");
    hook.ifPresent(h -> hooks.check("notifyHook", h));
    Optional<String> state = body.string("state");
    state.ifPresent(s -> {
      if (s.length() > MAX_STATE_LENGTH) {
        throw new ValidationException("state", "state is longer than " + MAX_STATE_LENGTH + " characters");
      }
    });
    return new CommonFields(hook.map(String::trim), state, botType(body));
  }

  /** MID_JOURNEY unless the client asks for NIJI_JOURNEY (also spelled {@code niji}; {@code mj} is the default). */
  static BotType botType(RequestBody body) {
    Optional<String> v = body.text("botType");
    if (v.isEmpty()) {
      return BotType.MID_JOURNEY;
    }
    return switch (v.get().toUpperCase()) {
      case "MID_JOURNEY", "MJ", "MIDJOURNEY" -> BotType.MID_JOURNEY;
      case "NIJI_JOURNEY", "NIJI" -> BotType.NIJI_JOURNEY;
      default -> throw new ValidationException("botType", "botType must be MID_JOURNEY or NIJI_JOURNEY, got '" + v.get() + "'");
    };
  }

  /** The task properties these fields set. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    notifyHook.ifPresent(h -> p.put("notifyHook", h));
    return p;
  }
}
