package io.mjserverless.core.api;

import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageInput;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.workflow.WorkflowStartException;
import io.mjserverless.core.workflow.WorkflowStarter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated task into a running one: input images to the bucket, the task to the table,
 * then the workflow. Nothing is left half-done: images are removed when the task cannot be written,
 * and a task whose workflow cannot start is marked FAILURE with the reason (answer code 9), so no
 * task waits forever in NOT_START.
 */
public final class TaskLauncher {
  private final TaskStore tasks;
  private final ImageStore images;
  private final WorkflowStarter workflow;
  private final Clock clock;
  private final String discordInstanceId;

  public TaskLauncher(TaskStore tasks, ImageStore images, WorkflowStarter workflow, Clock clock, String discordInstanceId) {
    this.tasks = tasks;
    this.images = images;
    this.workflow = workflow;
    this.clock = clock;
    this.discordInstanceId = discordInstanceId;
  }

  /** Stores inline inputs and returns the references the task keeps (bucket keys, or URLs as given). */
  public List<String> storeInputs(String taskId, List<ImageInput> inputs) {
    List<String> refs = new ArrayList<>();
    List<String> stored = new ArrayList<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        ImageInput input = inputs.get(i);
        if (input instanceof ImageInput.Inline inline) {
          String key = images.putInput(taskId, i, inline.image());
          stored.add(key);
          refs.add(key);
        } else if (input instanceof ImageInput.Remote remote) {
          // A link we handed out (upload-discord-images, a result) is read from the bucket, not fetched.
          refs.add(images.keyOf(remote.url().toString()).orElse(remote.url().toString()));
        }
      }
    } catch (RuntimeException e) {
      images.deleteAll(stored);
      throw e;
    }
    return refs;
  }

  /** Stores one inline image (a mask) as input {@code name} of a task; returns its key. */
  public String storeInput(String taskId, int n, DecodedImage image) {
    return images.putInput(taskId, n, image);
  }

  /** Creates the task (status NOT_START or MODAL) with its inputs; a MODAL task is not started. */
  public SubmitResult create(Task task, List<ImageInput> inputs) {
    List<String> refs = new ArrayList<>(task.inputs());
    List<String> added = storeInputs(task.id(), inputs);
    refs.addAll(added);
    Task stored = task.toBuilder().inputs(refs).updatedAt(clock.millis()).build();
    try {
      tasks.create(stored);
    } catch (RuntimeException e) {
      images.deleteAll(added.stream().filter(r -> !io.mjserverless.core.engine.InputImages.isLink(r)).toList());
      throw e;
    }
    return task.status() == TaskStatus.MODAL ? null : start(stored);
  }

  /**
   * Runs the workflow of a task that already ended without one (an upload rejected before it could
   * start): the workflow finds it final and only delivers its final callback. Best effort.
   */
  public void deliverEnding(Task ended) {
    try {
      workflow.start(ended.id());
    } catch (WorkflowStartException e) {
      // The task's state is already final and readable by fetch; only its callback is lost.
    }
  }

  /** Starts the workflow of a stored NOT_START task; on failure the task ends as FAILURE. */
  public SubmitResult start(Task stored) {
    try {
      workflow.start(stored.id());
    } catch (WorkflowStartException e) {
      io.mjserverless.core.log.Log.error("task.start-failed", e);
      Task failed = stored.toBuilder()
          .status(TaskStatus.FAILURE)
          .failReason("the task could not be started; submit it again")
          .finishTime(clock.millis())
          .build();
      tasks.update(stored, failed);
      return new SubmitResult(SubmitResult.FAILURE, "Submit failed: the task could not be started", null,
          Map.of("discordInstanceId", discordInstanceId));
    }
    return SubmitResult.success(stored.id(), Map.of("discordInstanceId", discordInstanceId));
  }
}
