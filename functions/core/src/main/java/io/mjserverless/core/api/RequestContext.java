package io.mjserverless.core.api;

import io.mjserverless.core.auth.Caller;
import io.mjserverless.core.task.Mode;
import java.util.Optional;

/** Who asked and through which path prefix (the first choice of speed mode). */
public record RequestContext(Caller caller, Optional<Mode> pathMode) {}
