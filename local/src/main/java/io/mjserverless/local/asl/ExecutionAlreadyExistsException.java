package io.mjserverless.local.asl;

/** An execution of that name was started before (running or finished), as Step Functions' ExecutionAlreadyExists. */
public class ExecutionAlreadyExistsException extends RuntimeException {
  private final String name;

  public ExecutionAlreadyExistsException(String name) {
    super("Execution already exists: '" + name + "'");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
