package io.mjserverless.core.task;

/**
 * Marks an exception whose message was written for the client: it may become a task's failReason or an
 * answer's description as it is. Any other exception is an internal fault: its class and message go to
 * the log with the task id, and the client reads a short generic reason instead.
 */
public interface PlainMessage {}
