package io.mjserverless.core.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link LocalAws} of this JVM: started on first use, kept in the root store and
 * closed by JUnit when the run ends (JUnit 5.13+ closes {@link AutoCloseable} store values; the older
 * {@code CloseableResource} is deprecated). Inject it as a {@code LocalAws} parameter of a constructor,
 * a static {@code @BeforeAll} method or a test method.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    localAws(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalAws.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Also reached before beforeAll, e.g. for the constructor of a PER_CLASS test instance.
    return localAws(context);
  }

  private static LocalAws localAws(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(LocalAws.class, type -> LocalAws.start(), LocalAws.class);
  }
}
