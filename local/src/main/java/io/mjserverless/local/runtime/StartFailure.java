package io.mjserverless.local.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The local stack could not start, with a one-line message fit to show as it is: what went wrong and
 * what to do (a port in use, a data directory that cannot be written). Everything that had started is
 * stopped before it is thrown.
 */
public final class StartFailure extends RuntimeException {
  public StartFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** The data directory (or a directory under it) at {@code what} cannot be used. */
  public static StartFailure dataDirectory(String what, IOException e) {
    return new StartFailure(what + " cannot be used (" + reason(e) + "): pass --data-dir with a writable directory", e);
  }

  /** A file-system failure in plain words, without the exception's class name. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "a file is in the way of a directory: " + ((FileSystemException) e).getFile();
    }
    if (e instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase() + (f.getFile() == null ? "" : ": " + f.getFile());
    }
    return String.valueOf(e.getMessage());
  }
}
