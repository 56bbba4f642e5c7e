package io.mjserverless.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskViewTest {
  private static Task.Builder done(TaskAction action) {
    return Task.builder().id("1712345678901123456").tenant("t").action(action).status(TaskStatus.SUCCESS)
        .progress("100%").imageUrl("images/1/image.png");
  }

  private static TaskView view(Task task) {
    return TaskView.of(task, key -> "https://cdn.example.com/" + key, "sim");
  }

  @Test
  void aGridListsItsFourPictures() {
    Task grid = done(TaskAction.IMAGINE).imageUrl("images/1/grid.png")
        .imageUrls(List.of("images/1/0.png", "images/1/1.png", "images/1/2.png", "images/1/3.png")).build();

    TaskView v = view(grid);

    assertEquals(4, v.imageUrls().size());
    assertEquals("https://cdn.example.com/images/1/3.png", v.imageUrls().get(3).url());
  }

  @Test
  void noGridPartsIsNullNotAnEmptyList() {
    // Dooy's UI draws an empty list as an empty 2x2 grid and never shows imageUrl.
    assertNull(view(done(TaskAction.DESCRIBE).build()).imageUrls());
    assertNull(view(done(TaskAction.UPSCALE).imageUrls(List.of()).build()).imageUrls());
  }

  @Test
  void aSinglePictureStoredWithItsOneEntryIsNoGridEither() {
    // Upscales stored before the rule kept their picture in imageUrls; one picture is never a grid.
    Task upscale = done(TaskAction.UPSCALE).imageUrls(List.of("images/1/image.png")).build();

    assertNull(view(upscale).imageUrls());
    assertEquals("https://cdn.example.com/images/1/image.png", view(upscale).imageUrl());
  }

  @Test
  void theFieldIsWrittenAsNullInItsPlace() {
    JsonNode json = Json.tree(Json.write(view(done(TaskAction.UPSCALE).build())));

    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertEquals(names.indexOf("imageUrl") + 1, names.indexOf("imageUrls"));
    assertTrue(json.get("imageUrls").isNull());
  }
}
