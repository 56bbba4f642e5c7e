package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** One small JSON file per execution in a directory, replaced atomically (temp file + move) on every save. */
final class ExecutionStore {
  private static final String SUFFIX = ".execution.json";

  private final Path dir;

  ExecutionStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory " + dir, e);
    }
  }

  Path fileFor(String name) {
    return dir.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8) + SUFFIX);
  }

  boolean exists(String name) {
    return Files.exists(fileFor(name));
  }

  void save(Execution ex) {
    Path target = fileFor(ex.name);
    Path temp = target.resolveSibling(target.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
    try {
      Files.writeString(temp, Json.write(ex.toJson()), StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      io.mjserverless.core.log.Log.warn("local.execution-not-persisted", e, "execution", ex.name, "file", String.valueOf(target));
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Every readable execution file; unreadable ones are reported and skipped. */
  List<Execution> loadAll() {
    List<Execution> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          JsonNode json = Json.tree(Files.readString(file, StandardCharsets.UTF_8));
          out.add(Execution.fromJson(json));
        } catch (IOException | RuntimeException e) {
          io.mjserverless.core.log.Log.warn("local.execution-unreadable", e, "file", String.valueOf(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the state directory " + dir, e);
    }
    return out;
  }
}
