package io.mjserverless.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TaskItemsTest {

  static Task fullTask() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("notifyHook", "https://example.com/hook");
    properties.put("flags", 3);
    properties.put("finalPrompt", "a cat --ar 16:9 --v 6");
    properties.put("upscaled", true);
    properties.put("bigNumber", 9_876_543_210L);
    properties.put("ratio", 1.75);
    properties.put("nested", Map.of("messageId", "1234", "count", 2, "tags", List.of("a", "b")));
    properties.put("list", List.of(1, "two", false));
    return Task.builder()
        .id("1712345678901123456")
        .tenant("tenant-a")
        .keyId("key-1")
        .action(TaskAction.UPSCALE)
        .status(TaskStatus.SUCCESS)
        .mode(Mode.FAST)
        .botType(BotType.NIJI_JOURNEY)
        .prompt("一只猫 a cat")
        .promptEn("a cat")
        .description("/imagine a cat")
        .state("custom state")
        .submitTime(1_712_345_678_901L)
        .startTime(1_712_345_679_000L)
        .finishTime(1_712_345_690_000L)
        .progress("100%")
        .imageUrl("https://cdn.example.com/images/1/grid.png")
        .imageUrls(List.of("https://cdn.example.com/images/1/0.png", "https://cdn.example.com/images/1/1.png"))
        .failReason(null)
        .buttons(List.of(Button.of("MJ::JOB::upsample::1::abc", "", "U1"),
            new Button("MJ::JOB::reroll::0::abc::SOLO", "🔄", "", Button.TYPE_BUTTON, Button.STYLE_PRIMARY)))
        .parentId("1712345600000000001")
        .properties(properties)
        .customId("MJ::JOB::upsample::1::abc")
        .index(1)
        .seed(4_000_000_000L)
        .inputs(List.of("inputs/1712345678901123456/0.png"))
        .maskKey("inputs/1712345678901123456/mask.png")
        .dimensions("SQUARE")
        .jobId("job-42")
        .width(1024)
        .height(1024)
        .version(7)
        .updatedAt(1_712_345_690_001L)
        .build();
  }

  @Test
  void fullTaskRoundTripsToAnEqualTask() {
    Task task = fullTask();
    assertEquals(task, TaskItems.fromItem(TaskItems.toItem(task)));
  }

  @Test
  void minimalTaskRoundTripsToAnEqualTask() {
    Task task = Task.builder().id("1").tenant("t").action(TaskAction.IMAGINE).submitTime(5L).build();
    Task back = TaskItems.fromItem(TaskItems.toItem(task));
    assertEquals(task, back);
    assertEquals(List.of(), back.imageUrls());
    assertEquals(Map.of(), back.properties());
  }

  @Test
  void indexedAttributesAreTopLevelWithTheSchemaTypes() {
    Map<String, AttributeValue> item = TaskItems.toItem(fullTask());
    assertEquals("1712345678901123456", item.get("id").s());
    assertEquals("tenant-a", item.get("tenant").s());
    assertEquals("1712345678901", item.get("submitTime").n());
    assertEquals("SUCCESS", item.get("status").s());
    assertEquals("1712345690001", item.get("updatedAt").n());
    assertEquals("7", item.get("version").n());
    assertEquals(AttributeValue.Type.M, item.get("properties").type());
    assertEquals(AttributeValue.Type.L, item.get("buttons").type());
    assertEquals(AttributeValue.Type.BOOL, item.get("properties").m().get("upscaled").type());
  }

  @Test
  void nullFieldsAreLeftOut() {
    Map<String, AttributeValue> item = TaskItems.toItem(Task.builder().id("1").build());
    assertFalse(item.containsKey("failReason"));
    assertFalse(item.containsKey("tenant"));
    assertFalse(item.containsKey("updatedAt"));
    assertTrue(item.values().stream().noneMatch(v -> v.type() == AttributeValue.Type.NUL));
  }

  @Test
  void numbersComeBackAsJacksonReadsThem() {
    Map<String, Object> properties = Map.of("small", 5L, "whole", 2.0, "fraction", 0.1, "huge", 12_345_678_901L);
    Task back = TaskItems.fromItem(TaskItems.toItem(Task.builder().id("1").properties(properties).build()));
    assertEquals(5, back.properties().get("small"));
    assertInstanceOf(Integer.class, back.properties().get("small"));
    assertEquals(2, back.properties().get("whole"));
    assertEquals(0.1, back.properties().get("fraction"));
    assertEquals(12_345_678_901L, back.properties().get("huge"));
  }

  @Test
  void numbersDynamoDbNormalisedAreReadAsTheSameValue() {
    Map<String, AttributeValue> item = new LinkedHashMap<>(TaskItems.toItem(Task.builder().id("1").build()));
    item.put("properties", AttributeValue.fromM(Map.of(
        "a", AttributeValue.fromN("2"), "b", AttributeValue.fromN("1.50"), "c", AttributeValue.fromN("1E+2"))));
    Task back = TaskItems.fromItem(item);
    assertEquals(2, back.properties().get("a"));
    assertEquals(1.5, back.properties().get("b"));
    assertEquals(100, back.properties().get("c"));
  }

  @Test
  void notANumberCannotBeStored() {
    Task task = Task.builder().id("1").properties(Map.of("x", Double.NaN)).build();
    assertThrows(IllegalArgumentException.class, () -> TaskItems.toItem(task));
  }
}
