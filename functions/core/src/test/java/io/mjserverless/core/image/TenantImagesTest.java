package io.mjserverless.core.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.SampleEventData;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which keys of our bucket belong to a tenant: by the tenant in an upload's key, or by the owner of a task. */
class TenantImagesTest {
  private static final String ALICE_TASK = "1763800000000000001";
  private static final String BOB_TASK = "1763800000000000002";

  private final Map<String, Task> stored = Map.of(
      ALICE_TASK, SampleEventData.success(ALICE_TASK, "alice", TaskAction.IMAGINE, "h1"),
      BOB_TASK, SampleEventData.success(BOB_TASK, "bob", TaskAction.IMAGINE, "h2"));

  private final TaskStore tasks = new TaskStore() {
    @Override
    public void create(Task task) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Task> get(String id) {
      return Optional.ofNullable(stored.get(id));
    }

    @Override
    public List<Task> getAll(Collection<String> ids) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Task> listByTenant(String tenant, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Task update(Task current, Task next) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String id) {
      throw new UnsupportedOperationException();
    }
  };

  private final TenantImages own = new TenantImages(null, tasks);

  @Test
  void uploadsBelongToTheTenantInTheirKey() {
    assertTrue(own.ownedBy("alice", "uploads/alice/images/1763800000000000009.png"));
    assertTrue(own.ownedBy("alice", "uploads/alice/describe/" + ALICE_TASK + "/0.webp"));
    assertTrue(own.ownedBy("alice", "uploads/alice/blend/" + ALICE_TASK + "/4.jpg"));
    assertFalse(own.ownedBy("bob", "uploads/alice/images/1763800000000000009.png"));
    assertFalse(own.ownedBy("alic", "uploads/alice/images/1763800000000000009.png"));
  }

  @Test
  void resultsPreviewsAndInputsBelongToTheOwnerOfTheirTask() {
    for (String name : List.of("grid.png", "image.png", "thumbnail.png", "0.png", "3.png", "preview-46.png")) {
      assertTrue(own.ownedBy("alice", "images/" + ALICE_TASK + "/" + name), name);
      assertFalse(own.ownedBy("alice", "images/" + BOB_TASK + "/" + name), name);
    }
    assertTrue(own.ownedBy("alice", "inputs/" + ALICE_TASK + "/0.png"));
    assertFalse(own.ownedBy("alice", "inputs/" + BOB_TASK + "/0.png"));
    assertFalse(own.ownedBy("alice", "images/1763800000000000404/grid.png"), "a task that does not exist");
  }

  @Test
  void keysOutsideOurLayoutsBelongToNobody() {
    for (String key : List.of("", "secrets.json", "images/" + ALICE_TASK + "/grid.txt", "images/" + ALICE_TASK + "/4.png",
        "uploads/alice/images/../../uploads/bob/images/1.png", "uploads/alice/images/1.png/../x.png",
        "uploads/alice//images/1.png", "/uploads/alice/images/1.png", "uploads/alice/images/1.PNG",
        "images/" + ALICE_TASK + "/grid.png/../../" + BOB_TASK + "/grid.png", "uploads/alice/other/1.png")) {
      assertFalse(own.ownedBy("alice", key), key);
    }
    assertFalse(own.ownedBy("..", "uploads/../images/1.png"), "path-like tenants own nothing");
    assertFalse(own.ownedBy(".", "uploads/./images/1.png"));
    assertFalse(own.ownedBy(null, "uploads/alice/images/1.png"));
  }
}
