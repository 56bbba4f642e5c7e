package io.mjserverless.local.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a logger costs at cold start, run on request only:
 * {@code ./mvnw -B -o -pl local -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LoggerColdStartBenchIT -Dmj.measure=true}
 * ({@code -Dmj.measure.runs=15} runs per mode). Runs {@link LoggerColdStartProbe} in fresh JVMs with the
 * Lambda-like flags, modes interleaved; prints medians and the jar bytes each logger adds. log4j-core is
 * taken from the local Maven repository (it is not a dependency of this project); Powertools for AWS
 * Lambda (Java) logging does not resolve from the registry here, so log4j2 with its JSON layout is the
 * nearest measurable stand-in (Powertools' log4j2 module sits on log4j-core). Asserts nothing about speed.
 */
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class LoggerColdStartBenchIT {
  private static final List<String> LAMBDA_LIKE_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC", "-Xmx1g", "-Xshare:auto");
  private static final String LOG4J_VERSION = "2.17.1";

  @Test
  void loggersAtColdStart() throws Exception {
    int runs = Integer.getInteger("mj.measure.runs", 15);
    Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "logging", "log4j");
    Path api = repo.resolve("log4j-api/" + LOG4J_VERSION + "/log4j-api-" + LOG4J_VERSION + ".jar");
    Path core = repo.resolve("log4j-core/" + LOG4J_VERSION + "/log4j-core-" + LOG4J_VERSION + ".jar");
    boolean log4j = Files.isRegularFile(api) && Files.isRegularFile(core);
    Path config = Files.createTempFile("log4j2-probe", ".properties");
    Files.writeString(config, String.join("\n",
        "status = error",
        "appender.out.type = Console",
        "appender.out.name = out",
        "appender.out.layout.type = JsonLayout",
        "appender.out.layout.compact = true",
        "appender.out.layout.eventEol = true",
        "appender.out.layout.properties = true",
        "rootLogger.level = info",
        "rootLogger.appenderRef.out.ref = out", ""));
    String classpath = System.getProperty("java.class.path");
    List<String> modes = log4j ? List.of("none", "ours", "log4j2") : List.of("none", "ours");
    Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
    modes.forEach(m -> results.put(m, new ArrayList<>()));
    run("ours", classpath, config); // warm the disk cache
    for (int i = 0; i < runs; i++) {
      for (int k = 0; k < modes.size(); k++) {
        String mode = modes.get((i + k) % modes.size()); // rotate who goes first
        String cp = mode.equals("log4j2") ? classpath + File.pathSeparator + api + File.pathSeparator + core : classpath;
        results.get(mode).add(run(mode, cp, config));
      }
    }
    System.out.println("MEASURE logger cold start, fresh JVM per run (" + String.join(" ", LAMBDA_LIKE_FLAGS) + "), "
        + runs + " runs per mode, medians; first line = class loading + init + one JSON line with the six fields:");
    System.out.println("MEASURE | logger | first line CPU ms | first line wall ms | whole JVM CPU ms |");
    for (String mode : modes) {
      System.out.println(String.format(Locale.ROOT, "MEASURE | %s | %.1f | %.1f | %d |", mode,
          median(results.get(mode), "cpuUs") / 1000.0, median(results.get(mode), "wallUs") / 1000.0,
          median(results.get(mode), "processCpuMs")));
    }
    long ours = 0;
    try (var files = Files.list(Path.of("../functions/core/target/classes/io/mjserverless/core/log"))) {
      ours = files.mapToLong(p -> p.toFile().length()).sum();
    }
    ours += Path.of("../functions/core/target/classes/io/mjserverless/core/task/ObservedTaskStore.class").toFile().length();
    System.out.println("MEASURE jar bytes added: ours " + ours + " (class files, before compression)"
        + (log4j ? "; log4j-api " + Files.size(api) + " + log4j-core " + Files.size(core) : "; log4j not in ~/.m2"));
    assertTrue(results.get("ours").size() == runs);
  }

  private static Map<String, Long> run(String mode, String classpath, Path config) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAMBDA_LIKE_FLAGS);
    command.add("-Dlog4j2.configurationFile=" + config);
    command.add("-cp");
    command.add(classpath);
    command.add(LoggerColdStartProbe.class.getName());
    command.add(mode);
    Process process = new ProcessBuilder(command).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError("probe " + mode + " failed:\n" + out + err);
    }
    if (!out.contains("task.dispatched")) {
      throw new AssertionError("probe " + mode + " wrote no line:\n" + out + err);
    }
    String line = err.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("probe " + mode + " printed no BENCH line:\n" + err));
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (String field : line.substring(6).split(" ")) {
      String[] kv = field.split("=", 2);
      numbers.put(kv[0], Long.parseLong(kv[1]));
    }
    return numbers;
  }

  private static long median(List<Map<String, Long>> runs, String field) {
    List<Long> values = runs.stream().map(r -> r.get(field)).sorted().toList();
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}
