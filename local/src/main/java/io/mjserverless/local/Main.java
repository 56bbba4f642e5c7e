package io.mjserverless.local;

/** The local runtime's command line: serve, invoke, demo. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("usage: java -jar local/target/mj-local.jar serve|invoke|demo ... (being built)");
    System.exit(2);
  }
}
