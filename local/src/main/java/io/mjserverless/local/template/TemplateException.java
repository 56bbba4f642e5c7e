package io.mjserverless.local.template;

/**
 * A template that cannot be read or evaluated locally. The message names where: the template
 * path of the value (e.g. {@code Resources.SubmitFunction.Properties.Environment.Variables.X}) and
 * the intrinsic that failed.
 */
public class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
