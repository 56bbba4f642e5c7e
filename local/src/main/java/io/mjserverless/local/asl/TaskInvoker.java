package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work of a Task state. The executor calls it on a worker thread with the state's
 * {@code Resource} (for {@code arn:aws:states:::lambda:invoke}: the {@code FunctionName}) and the
 * effective input (after InputPath and Parameters; for lambda:invoke: the {@code Payload}).
 */
@FunctionalInterface
public interface TaskInvoker {
  /**
   * @return the task's result (may be a JSON null node; a Java {@code null} is taken as JSON null)
   * @throws TaskFailedException when the task failed; its error name is what Retry and Catch match on
   */
  JsonNode invoke(String resource, JsonNode input) throws TaskFailedException;
}
