package io.mjserverless.local.asl;

/** The status of an execution, as in Step Functions' DescribeExecution. */
public enum ExecutionStatus {
  RUNNING, SUCCEEDED, FAILED, ABORTED, TIMED_OUT
}
