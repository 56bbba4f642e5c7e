package io.mjserverless.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.discord.AccountPool;
import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageInput;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.workflow.WorkflowStartException;
import io.mjserverless.core.workflow.WorkflowStarter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a validated task into a running one: the engine's admission (code 1, a queue place 22, a full
 * queue 23, or a refusal), input images to the bucket, the task to the table, then the workflow.
 * Nothing is left half-done: a refused task stores nothing, images are removed and the queue place given
 * back when the task cannot be written, and a task whose workflow cannot start is marked FAILURE with the
 * reason (answer code 9, its place given back), so no task waits forever in NOT_START.
 */
public final class TaskLauncher {
  private final TaskStore tasks;
  private final ImageStore images;
  private final WorkflowStarter workflow;
  private final Clock clock;
  private final String discordInstanceId;
  private final TaskAdmission admission;

  /** A launcher whose engines take every task as it comes (uploads, tests). */
  public TaskLauncher(TaskStore tasks, ImageStore images, WorkflowStarter workflow, Clock clock, String discordInstanceId) {
    this(tasks, images, workflow, clock, discordInstanceId, TaskAdmission.acceptingAll());
  }

  public TaskLauncher(TaskStore tasks, ImageStore images, WorkflowStarter workflow, Clock clock, String discordInstanceId,
      TaskAdmission admission) {
    this.tasks = tasks;
    this.images = images;
    this.workflow = workflow;
    this.clock = clock;
    this.discordInstanceId = discordInstanceId;
    this.admission = admission;
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
    return create(task, inputs, null);
  }

  /**
   * Creates the task with its inputs after its engine admitted it ({@code accountFilter} is the request's,
   * or null); a refused task stores nothing and answers the refusal. A MODAL task is neither admitted nor
   * started: its modal submit does both ({@link #admit}, {@link #start(Task, Admission)}).
   */
  public SubmitResult create(Task task, List<ImageInput> inputs, JsonNode accountFilter) {
    boolean modal = task.status() == TaskStatus.MODAL;
    Admission admitted = modal ? Admission.accepted() : admission.admit(task, accountFilter);
    Optional<SubmitResult> refused = refusal(admitted);
    if (refused.isPresent()) {
      return refused.get();
    }
    Task withTerms = withProperties(task, admitted);
    Task stored;
    List<String> added = List.of();
    try {
      List<String> refs = new ArrayList<>(withTerms.inputs());
      added = storeInputs(withTerms.id(), inputs);
      refs.addAll(added);
      stored = withTerms.toBuilder().inputs(refs).updatedAt(clock.millis()).build();
      tasks.create(stored);
    } catch (RuntimeException e) {
      images.deleteAll(added.stream().filter(r -> !InputImages.isLink(r)).toList());
      if (!modal) {
        admission.forget(withTerms);
      }
      throw e;
    }
    return modal ? null : start(stored, admitted);
  }

  /** The engine's terms for a task about to be started (a modal submit); see {@link #refusal} and {@link #withProperties}. */
  public Admission admit(Task task, JsonNode accountFilter) {
    return admission.admit(task, accountFilter);
  }

  /** Gives back an admitted task's queue place when it could not be stored. */
  public void forget(Task task) {
    admission.forget(task);
  }

  /** The answer of an admission that takes no task (23 or a refusal's code); empty when the task is taken. */
  public static Optional<SubmitResult> refusal(Admission admitted) {
    if (admitted instanceof Admission.QueueFull full) {
      return Optional.of(new SubmitResult(SubmitResult.QUEUE_FULL, full.description(), null, full.properties()));
    }
    if (admitted instanceof Admission.Refused refused) {
      return Optional.of(new SubmitResult(refused.code(), refused.description(), null, Map.of()));
    }
    return Optional.empty();
  }

  /** The task with the admission's properties (e.g. its account's {@code discordInstanceId}) added. */
  public static Task withProperties(Task task, Admission admitted) {
    Map<String, Object> extra = termsOf(admitted);
    if (extra.isEmpty()) {
      return task;
    }
    Map<String, Object> props = new LinkedHashMap<>(task.properties());
    props.putAll(extra);
    return task.toBuilder().properties(props).build();
  }

  private static Map<String, Object> termsOf(Admission admitted) {
    if (admitted instanceof Admission.Accepted a) {
      return a.properties();
    }
    if (admitted instanceof Admission.Queued q) {
      return q.properties();
    }
    return Map.of();
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

  /** Starts the workflow of a stored NOT_START task that its engine took at once; on failure the task ends as FAILURE. */
  public SubmitResult start(Task stored) {
    return start(stored, Admission.accepted());
  }

  /**
   * Starts the workflow of a stored NOT_START task; answers code 1, or 22 with {@code numberOfQueues}
   * when the engine put it in a queue. When the workflow cannot start, the task ends as FAILURE, its
   * queue place is given back and the answer is code 9.
   */
  public SubmitResult start(Task stored, Admission admitted) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(AccountPool.INSTANCE_PROPERTY, discordInstanceId);
    props.putAll(termsOf(admitted));
    try {
      workflow.start(stored.id());
    } catch (WorkflowStartException e) {
      Log.error("task.start-failed", e);
      admission.forget(stored);
      Task failed = stored.toBuilder()
          .status(TaskStatus.FAILURE)
          .failReason("the task could not be started; submit it again")
          .finishTime(clock.millis())
          .build();
      tasks.update(stored, failed);
      return new SubmitResult(SubmitResult.FAILURE, "Submit failed: the task could not be started", null, props);
    }
    if (admitted instanceof Admission.Queued queued) {
      props.put("numberOfQueues", queued.numberOfQueues());
      return new SubmitResult(SubmitResult.IN_QUEUE, "In queue, there are " + queued.numberOfQueues() + " tasks ahead",
          stored.id(), props);
    }
    return SubmitResult.success(stored.id(), props);
  }
}
