package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} that cannot start says so in one line, stops everything it had started and ends with a
 * non-zero status: in this JVM through {@link Main#run} (then no listening socket and no non-daemon
 * thread of the attempt is left), and as its own process (which must end by itself).
 */
class ServeStartFailureIT {
  private static final Path TEMPLATE = Path.of("../template.yaml");

  @TempDir
  Path dataDir;

  @Test
  void aPortInUseIsOneLineNamingThePortAndNothingIsLeftRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Attempt attempt = Attempt.run("serve", "--port", String.valueOf(port), "--host", "127.0.0.1",
          "--template", TEMPLATE.toString(), "--data-dir", dataDir.toString());
      assertEquals(1, attempt.status(), attempt.toString());
      assertEquals(1, attempt.errLines().size(), attempt.toString());
      String line = attempt.errLines().get(0);
      assertTrue(line.contains("port " + port + " is in use"), line);
      assertTrue(line.contains("--port"), "says what to do: " + line);
      attempt.assertNothingLeftRunning();
    }
  }

  @Test
  void anAddressThatIsNotThisMachinesIsOneLine() throws Exception {
    // 192.0.2.1 is TEST-NET-1: no interface here has it, so the bind fails on this machine, sending nothing.
    Attempt attempt = Attempt.run("serve", "--port", "0", "--host", "192.0.2.1",
        "--template", TEMPLATE.toString(), "--data-dir", dataDir.toString());
    assertEquals(1, attempt.status(), attempt.toString());
    assertEquals(1, attempt.errLines().size(), attempt.toString());
    String line = attempt.errLines().get(0);
    assertTrue(line.contains("cannot listen on 192.0.2.1") && line.contains("--host"), line);
    attempt.assertNothingLeftRunning();
  }

  @Test
  void aFailureAfterTheStoresStartedStopsThemToo() throws Exception {
    // The state machines keep their executions under <data-dir>/executions, which is created only after
    // DynamoDB Local and s3proxy have started: a file in its way fails the start at that point.
    Files.writeString(dataDir.resolve("executions"), "not a directory");
    Attempt attempt = Attempt.run("serve", "--port", "0", "--host", "127.0.0.1",
        "--template", TEMPLATE.toString(), "--data-dir", dataDir.toString());
    assertEquals(1, attempt.status(), attempt.toString());
    assertEquals(1, attempt.errLines().size(), attempt.toString());
    String line = attempt.errLines().get(0);
    assertTrue(line.contains("executions") && line.contains("--data-dir"), line);
    assertFalse(line.contains("Exception"), "no class names: " + line);
    attempt.assertNothingLeftRunning();
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsOneLine() throws Exception {
    Path file = Files.writeString(dataDir.resolve("a-file"), "x");
    Attempt attempt = Attempt.run("serve", "--port", "0", "--template", TEMPLATE.toString(),
        "--data-dir", file.resolve("data").toString());
    assertEquals(1, attempt.status(), attempt.toString());
    assertEquals(1, attempt.errLines().size(), attempt.toString());
    assertTrue(attempt.errLines().get(0).contains("--data-dir"), attempt.toString());
    attempt.assertNothingLeftRunning();
  }

  @Test
  void aBadParameterOrTemplateIsOneLine() throws Exception {
    Attempt param = Attempt.run("serve", "--port", "0", "--template", TEMPLATE.toString(),
        "--data-dir", dataDir.toString(), "--param", "NoSuchParameter=1");
    assertEquals(2, param.status(), param.toString());
    assertEquals(1, param.errLines().size(), param.toString());
    assertTrue(param.errLines().get(0).contains("NoSuchParameter"), param.toString());

    Path broken = Files.writeString(dataDir.resolve("broken.yaml"), "Resources: [this is not a map\n");
    Attempt template = Attempt.run("serve", "--port", "0", "--template", broken.toString(), "--data-dir", dataDir.toString());
    assertTrue(template.status() != 0, template.toString());
    assertEquals(1, template.errLines().size(), template.toString());
    template.assertNothingLeftRunning();
  }

  @Test
  void asItsOwnProcessServeOnAPortInUseEndsByItselfWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path err = dataDir.resolve("stderr.txt");
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "serve", "--port", String.valueOf(port), "--host", "127.0.0.1", "--template", TEMPLATE.toString(),
          "--data-dir", dataDir.resolve("data").toString())
          .redirectOutput(dataDir.resolve("stdout.txt").toFile())
          .redirectError(err.toFile())
          .start();
      // A bound on a hang, not a speed goal: before the fix the process never ended.
      boolean ended = process.waitFor(180, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly();
      }
      assertTrue(ended, "serve kept running after failing to start");
      List<String> lines = nonEmpty(Files.readString(err));
      assertEquals(1, process.exitValue(), lines.toString());
      assertEquals(1, lines.size(), "one line on stderr: " + lines);
      assertTrue(lines.get(0).contains("port " + port + " is in use"), lines.get(0));
    }
  }

  private static List<String> nonEmpty(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  /** One run of {@link Main#run} in this JVM, with what this JVM had running before it. */
  private record Attempt(int status, String out, String err, Set<Long> socketsBefore, Set<Thread> threadsBefore) {
    static Attempt run(String... args) throws Exception {
      Set<Long> sockets = listeningSockets();
      Set<Thread> threads = liveNonDaemonThreads();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Attempt(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), sockets, threads);
    }

    List<String> errLines() {
      return nonEmpty(err);
    }

    /** No socket of this JVM listens that did not before, and no non-daemon thread is left (given time to end). */
    void assertNothingLeftRunning() throws Exception {
      Set<Long> newSockets = Set.of();
      Set<String> newThreads = Set.of();
      for (int i = 0; i < 100; i++) {
        newSockets = new HashSet<>(listeningSockets());
        newSockets.removeAll(socketsBefore);
        Set<Thread> threads = liveNonDaemonThreads();
        threads.removeAll(threadsBefore);
        newThreads = threads.stream().map(t -> t.getName() + " at " + List.of(t.getStackTrace()))
            .collect(Collectors.toSet());
        if (newSockets.isEmpty() && newThreads.isEmpty()) {
          return;
        }
        Thread.sleep(100);
      }
      assertTrue(newSockets.isEmpty(), "sockets left listening (inodes): " + newSockets);
      assertTrue(newThreads.isEmpty(), "threads left running: " + newThreads);
    }
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** The socket inodes that this JVM holds and that listen on TCP (Linux: /proc/net/tcp{,6} and /proc/self/fd). */
  private static Set<Long> listeningSockets() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc to see this JVM's sockets");
    Set<Long> mine = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            mine.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    Set<Long> listening = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> rows = new ArrayList<>(Files.readAllLines(file));
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.trim().split("\\s+");
        if (f.length > 9 && f[3].equals("0A")) {
          long inode = Long.parseLong(f[9]);
          if (mine.contains(inode)) {
            listening.add(inode);
          }
        }
      }
    }
    return listening;
  }
}
