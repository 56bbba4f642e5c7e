package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.button.ButtonKind;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import java.util.Optional;

/**
 * What the discord engine cannot do because it would need Discord's gateway (reference §1.7, §5): a modal's
 * submit names the interaction that opened it, whose id arrives only as a gateway event.
 */
final class GatewayOnly {
  private GatewayOnly() {}

  /** Why a task cannot run on the discord engine; empty when it can. */
  static Optional<String> reason(Task task, JsonNode accountFilter) {
    if (task.action() == TaskAction.SWAP_FACE) {
      return Optional.of("face swap is not a Midjourney command; the discord engine cannot do it (use a mode whose engine"
          + " offers it)");
    }
    if (accountFilter != null && accountFilter.path("remix").asBoolean(false)) {
      return Optional.of("accountFilter.remix: remix opens a Discord modal whose id arrives only over the gateway, which the"
          + " discord engine does not hold; its accounts run with remix off");
    }
    if (task.customId() != null) {
      Optional<ButtonKind> kind = CustomId.parse(task.customId()).map(CustomId::kind);
      if (kind.isPresent() && (kind.get() == ButtonKind.CUSTOM_ZOOM || kind.get() == ButtonKind.VARY_REGION)) {
        String name = kind.get() == ButtonKind.CUSTOM_ZOOM ? "Custom Zoom" : "Vary (Region)";
        return Optional.of("customId: " + name + " needs a Discord modal whose id arrives only over the gateway, which the"
            + " discord engine does not hold; use Zoom Out 2x/1.5x or Vary (Subtle/Strong) instead");
      }
    }
    return Optional.empty();
  }
}
