package io.mjserverless.core.engine.mjproxy;

import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Drives a provider that speaks the midjourney-proxy API (a self-hosted proxy or a reseller). The task
 * keeps the provider's task id as its job id; a button's child goes to the provider as an action on
 * the parent's provider task with the provider's own customId, and a modal answer (code 21) is
 * confirmed at once with the child's prompt and mask. Results are copied from the provider's links
 * (which expire) as soon as the job succeeds.
 */
public final class MjProxyEngine implements Engine {
  /** Property the task shows with the provider's id for its job (for support at the provider). */
  public static final String PROVIDER_TASK_PROPERTY = "providerTaskId";
  /** Largest image copied from the provider (a 2048x2048 PNG grid is about 8 MB). */
  static final long MAX_IMAGE_BYTES = 40L * 1024 * 1024;
  /** How long a provider may claim not to know a job it just took before we believe it. */
  static final Duration UNKNOWN_JOB_GRACE = Duration.ofMinutes(2);
  /** Poll hints: a provider has no schedule to tell, so look every few seconds while it works. */
  static final int RUNNING_HINT_SECONDS = 5;
  static final int QUEUED_HINT_SECONDS = 10;
  /** Seconds before asking again after a full provider queue (code 23). */
  static final int QUEUE_FULL_RETRY_SECONDS = 15;

  private final ProviderClient client;
  private final ProviderSlots slots;
  private final ProviderRequests requests;
  private final TaskStore tasks;
  private final Predicate<Mode> sameProvider;
  private final Clock clock;
  private final ProviderHooks hooks;
  private final Optional<String> hookBaseUrl;
  private final Duration hookLifetime;

  /**
   * @param sameProvider which modes' tasks this provider made too (modes configured with the same
   *     provider and key), so their buttons can be pressed here
   */
  public MjProxyEngine(ProviderClient client, ProviderSlots slots, ProviderRequests requests,
      TaskStore tasks, Predicate<Mode> sameProvider, Clock clock) {
    this(client, slots, requests, tasks, sameProvider, clock, ProviderHooks.none(), Optional.empty(), Duration.ZERO);
  }

  /**
   * With provider callbacks: each job is submitted with a notifyHook on our API
   * ({@code <hookBaseUrl>/mj/hooks/provider/<taskId>/<secret>}), its secret opened in {@code hooks} for
   * {@code hookLifetime} (the mode's deadline and a margin).
   */
  public MjProxyEngine(ProviderClient client, ProviderSlots slots, ProviderRequests requests,
      TaskStore tasks, Predicate<Mode> sameProvider, Clock clock, ProviderHooks hooks, Optional<String> hookBaseUrl,
      Duration hookLifetime) {
    this.hooks = hooks;
    this.hookBaseUrl = hookBaseUrl;
    this.hookLifetime = hookLifetime;
    this.client = client;
    this.slots = slots;
    this.requests = requests;
    this.tasks = tasks;
    this.sameProvider = sameProvider;
    this.clock = clock;
  }

  /** The provider posts the task JSON to the hook on every change; the poll loop stays as the safety net. */
  @Override
  public boolean callsBack(Task task) {
    return hookBaseUrl.isPresent();
  }

  /** An IN_PROGRESS post; its preview is copied only when the progress moved, as at a poll. */
  @Override
  public Optional<JobStatus.Running> runningFromCallback(Task task, com.fasterxml.jackson.databind.JsonNode posted) {
    ProviderTask job = ProviderTask.of(posted);
    if (!job.status().equals("IN_PROGRESS")) {
      return Optional.empty();
    }
    int percent = job.percent();
    Optional<byte[]> preview = (percent + "%").equals(task.progress()) ? Optional.empty() : preview(job);
    return Optional.of(new JobStatus.Running(percent, preview, RUNNING_HINT_SECONDS));
  }

  @Override
  public Submission submit(Task task) {
    slots.acquire(task.id());
    try {
      String hook = hookBaseUrl.map(base -> base + "/mj/hooks/provider/" + task.id() + "/"
          + hooks.open(task.id(), clock.instant().plus(hookLifetime).getEpochSecond())).orElse(null);
      ProviderAnswer answer = task.customId() != null && task.parentId() != null ? pressButton(task, hook)
          : send(hooked(requests.start(task), hook));
      String providerId = accepted(answer);
      Map<String, Object> props = new LinkedHashMap<>();
      props.put(PROVIDER_TASK_PROPERTY, providerId);
      if (answer.code() == ProviderAnswer.QUEUED) {
        props.put("numberOfQueues", answer.properties().path("numberOfQueues").asInt(0));
      }
      return new Submission(providerId, props);
    } catch (RuntimeException e) {
      slots.release(task.id());
      throw e;
    }
  }

  @Override
  public JobStatus poll(Task task) {
    Optional<ProviderTask> found = client.fetch(task.jobId());
    if (found.isEmpty()) {
      long since = clock.millis() - (task.startTime() != null ? task.startTime() : task.submitTime());
      if (since < UNKNOWN_JOB_GRACE.toMillis()) {
        throw new EngineBusyException("the provider does not show job " + task.jobId() + " yet", RUNNING_HINT_SECONDS);
      }
      slots.release(task.id());
      return new JobStatus.Failed("the provider no longer knows its job " + task.jobId());
    }
    ProviderTask job = found.get();
    if (job.isSuccess()) {
      return new JobStatus.Succeeded();
    }
    if (job.isFailure()) {
      slots.release(task.id());
      return new JobStatus.Failed(job.failReason().isBlank()
          ? "the provider reported " + job.status() + " without a reason" : job.failReason());
    }
    if (job.status().equals("IN_PROGRESS")) {
      int percent = job.percent();
      Optional<byte[]> preview = (percent + "%").equals(task.progress()) ? Optional.empty() : preview(job);
      return new JobStatus.Running(percent, preview, RUNNING_HINT_SECONDS);
    }
    if (job.status().equals("MODAL")) {
      // Reseller gateways answer a modal button's code 21 as 1: the provider's task waits for its modal.
      ProviderAnswer confirmed = send(requests.modal(task.jobId(), task, job.finalPrompt()));
      if (confirmed.code() != ProviderAnswer.ACCEPTED && confirmed.code() != ProviderAnswer.QUEUED) {
        accepted(confirmed); // throws: busy (try again at the next poll) or rejected (fails the task)
      }
    }
    // NOT_START, SUBMITTED, a just-confirmed MODAL: waiting at the provider.
    return new JobStatus.Queued(QUEUED_HINT_SECONDS);
  }

  @Override
  public JobResult result(Task task) {
    ProviderTask job = client.fetch(task.jobId())
        .orElseThrow(() -> new JobRejectedException("the provider no longer knows its job " + task.jobId()));
    if (!job.isSuccess()) {
      throw new JobRejectedException("the provider's job " + task.jobId() + " is " + job.status() + ", not SUCCESS");
    }
    slots.release(task.id());
    Map<String, String> props = new LinkedHashMap<>();
    if (!job.messageHash().isBlank()) {
      props.put("messageHash", job.messageHash());
    }
    JobResult result = switch (task.action()) {
      case DESCRIBE, SHORTEN -> {
        String text = firstNonBlank(job.finalPrompt(), job.promptEn(), job.prompt());
        if (text.isBlank()) {
          throw new JobRejectedException("the provider's " + task.action() + " job succeeded without any text");
        }
        // A describe of a client's link: the provider shows the picture it read (on its CDN): copy that one.
        boolean linked = task.action() == io.mjserverless.core.task.TaskAction.DESCRIBE && !task.inputs().isEmpty()
            && InputImages.isLink(task.inputs().get(0)) && job.image().isPresent();
        Optional<ImageSource> picture = Optional.empty();
        if (linked) {
          try {
            picture = Optional.of(copy(task, job));
          } catch (RuntimeException e) {
            // The prompts are the result; without a copy the task keeps showing the client's own link.
          }
        }
        yield JobResult.text(text, picture);
      }
      case UPSCALE, UPSCALE_HD, SWAP_FACE -> JobResult.image(copy(task, job), null);
      default -> JobResult.grid(copy(task, job), null);
    };
    if (!job.finalPrompt().isBlank() && result.kind() != JobResult.Kind.TEXT) {
      props.put("finalPrompt", job.finalPrompt());
    }
    return result.withUpstream(job.buttons(), props);
  }

  @Override
  public void cancel(Task task) {
    slots.release(task.id());
    if (task.jobId() != null) {
      client.cancel(task.jobId());
    }
  }

  @Override
  public Optional<String> imageSeed(Task task) {
    if (task.jobId() == null) {
      return Optional.empty();
    }
    ProviderAnswer answer = client.imageSeed(task.jobId());
    if (answer.code() != ProviderAnswer.ACCEPTED) {
      throw new JobRejectedException("the provider has no seed for it (" + answer.quoted() + ")");
    }
    return answer.resultId();
  }

  /** A child: the parent's provider task and the provider's customId; a modal answer is confirmed at once. */
  private static ProviderRequests.Request hooked(ProviderRequests.Request request, String hook) {
    if (hook != null) {
      request.body().put("notifyHook", hook);
    }
    return request;
  }

  private ProviderAnswer pressButton(Task task, String hook) {
    Task parent = tasks.get(task.parentId())
        .orElseThrow(() -> new JobRejectedException("the parent task " + task.parentId() + " no longer exists"));
    Mode parentMode = parent.mode() == null ? Mode.FAST : parent.mode();
    if (parent.jobId() == null || parent.property(PROVIDER_TASK_PROPERTY) == null) {
      throw new JobRejectedException("task " + parent.id() + " was made by the simulator, not by a provider; its buttons"
          + " work only in a mode whose engine is the simulator");
    }
    if (!sameProvider.test(parentMode)) {
      throw new JobRejectedException("task " + parent.id() + " was made by the " + parentMode + " mode's engine, not this"
          + " provider; press its buttons in " + parentMode + " mode");
    }
    ProviderAnswer answer = send(hooked(requests.action(parent.jobId(), task.customId()), hook));
    if (answer.code() != ProviderAnswer.MODAL) {
      return answer;
    }
    // Vary Region, Custom Zoom, picks, or any button when the provider account has remix on.
    String modalId = answer.resultId().orElseThrow(() ->
        new JobRejectedException("the provider asked for a modal (code 21) without naming its task"));
    return send(hooked(requests.modal(modalId, task, answer.properties().path("finalPrompt").asText("")), hook));
  }

  private ProviderAnswer send(ProviderRequests.Request request) {
    return client.submit(request.route(), request.body());
  }

  /** The provider's id of an accepted job; anything else becomes busy (try again) or rejected (fail the task). */
  private String accepted(ProviderAnswer answer) {
    switch (answer.code()) {
      case ProviderAnswer.ACCEPTED, ProviderAnswer.QUEUED -> {
        return answer.resultId().orElseThrow(() ->
            new JobRejectedException("the provider accepted the job without an id (" + answer.quoted() + ")"));
      }
      case ProviderAnswer.QUEUE_FULL ->
          throw new EngineBusyException("the provider's queue is full (" + answer.quoted() + ")", QUEUE_FULL_RETRY_SECONDS);
      case ProviderAnswer.BANNED -> {
        String word = answer.properties().path("bannedWord").asText("");
        throw new JobRejectedException("banned prompt: the provider refused it (" + answer.quoted() + ")"
            + (word.isBlank() ? "" : ", banned word '" + word + "'"));
      }
      case ProviderAnswer.SYSTEM_ERROR -> {
        // trueai-org's proxy says "queue full" with code 9; other code-9 answers are real failures.
        String d = answer.description().toLowerCase(java.util.Locale.ROOT);
        if (d.contains("队列") || d.contains("queue")) {
          throw new EngineBusyException("the provider's queue is full (" + answer.quoted() + ")", QUEUE_FULL_RETRY_SECONDS);
        }
        throw new JobRejectedException("the provider failed the submit (" + answer.quoted() + ")");
      }
      case ProviderAnswer.NOT_FOUND, ProviderAnswer.VALIDATION ->
          throw new JobRejectedException("the provider refused the job (" + answer.quoted() + ")");
      case ProviderAnswer.LIMIT -> {
        // trueai-org: "并发数已达上限" (concurrency), "队列数已达上限" (queue) wait; daily counts and bans do not pass soon.
        String d = answer.description();
        if (d.contains("并发") || d.contains("队列") || d.toLowerCase(java.util.Locale.ROOT).contains("concurren")
            || d.toLowerCase(java.util.Locale.ROOT).contains("queue")) {
          throw new EngineBusyException("the provider is at its limit (" + answer.quoted() + ")", QUEUE_FULL_RETRY_SECONDS);
        }
        throw new JobRejectedException("the provider refused the job (" + answer.quoted() + ")");
      }
      default -> throw new JobRejectedException("the provider answered an unexpected " + answer.quoted());
    }
  }

  /** Copies the provider's final image now (its links expire); one fresh look at the task if the link already has. */
  private ImageSource copy(Task task, ProviderTask job) {
    String url = job.image().orElseThrow(() ->
        new JobRejectedException("the provider's job " + task.jobId() + " succeeded without an image"));
    ProviderClient.Download download;
    try {
      download = client.download(url, MAX_IMAGE_BYTES);
    } catch (ProviderClient.ImageGoneException gone) {
      Optional<String> fresh = client.fetch(task.jobId()).flatMap(ProviderTask::image).filter(u -> !u.equals(url));
      if (fresh.isEmpty()) {
        throw new JobRejectedException("the provider's image could not be copied: " + gone.getMessage());
      }
      try {
        download = client.download(fresh.get(), MAX_IMAGE_BYTES);
      } catch (ProviderClient.ImageGoneException goneAgain) {
        throw new JobRejectedException("the provider's image could not be copied: " + goneAgain.getMessage());
      }
    }
    byte[] bytes = download.bytes();
    Optional<ImageFormat> format = ImageFormat.sniff(bytes);
    if (format.isEmpty()) {
      throw new JobRejectedException("the provider's image is not a picture we can read (declared '"
          + download.contentType() + "', " + bytes.length + " bytes)");
    }
    return ImageSource.ofBytes(asPng(bytes, format.get()), "image/png");
  }

  /** Our result keys are .png and clients expect PNG: WebP and JPEG from a provider are converted once, here. */
  private static byte[] asPng(byte[] bytes, ImageFormat format) {
    if (format == ImageFormat.PNG) {
      return bytes;
    }
    try {
      return ImageOps.png(ImageOps.decode(bytes));
    } catch (ImageRefusedException e) {
      throw new JobRejectedException("the provider's " + format + " image " + e.reason(), e);
    } catch (RuntimeException e) {
      throw new JobRejectedException("the provider's " + format + " image cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** The provider's preview, if it shows one and it can be read; a missing preview never stops a job. */
  private Optional<byte[]> preview(ProviderTask job) {
    if (job.image().isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = client.download(job.image().get(), MAX_IMAGE_BYTES).bytes();
      Optional<ImageFormat> format = ImageFormat.sniff(bytes);
      return format.map(f -> asPng(bytes, f));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return "";
  }
}
