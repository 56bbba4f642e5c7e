package io.mjserverless.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryIdsTest {
  private static final String TASK = "1717000000000123456";

  @Test
  void sameCallbackSameIdAndShapedForAHeader() {
    String id = DeliveryIds.of(TASK, "SUCCESS", "100%", 7);
    assertEquals(id, DeliveryIds.of(TASK, "SUCCESS", "100%", 7));
    assertTrue(id.matches(TASK + "-[0-9a-f]{16}"), id);
  }

  @Test
  void differentStatusProgressVersionOrTaskGiveDifferentIds() {
    Set<String> ids = new HashSet<>();
    ids.add(DeliveryIds.of(TASK, "IN_PROGRESS", "10%", 3));
    ids.add(DeliveryIds.of(TASK, "IN_PROGRESS", "50%", 3));
    ids.add(DeliveryIds.of(TASK, "IN_PROGRESS", "50%", 4));
    ids.add(DeliveryIds.of(TASK, "SUCCESS", "100%", 5));
    ids.add(DeliveryIds.of(TASK, "FAILURE", "100%", 5));
    ids.add(DeliveryIds.of("1717000000000654321", "SUCCESS", "100%", 5));
    assertEquals(6, ids.size());
  }

  @Test
  void fieldBoundariesAndNullsAreUnambiguous() {
    assertNotEquals(DeliveryIds.of(TASK, "A", "BC", 1), DeliveryIds.of(TASK, "AB", "C", 1));
    assertNotEquals(DeliveryIds.of(TASK, "SUBMITTED", null, 1), DeliveryIds.of(TASK, "SUBMITTED", "", 1));
  }
}
