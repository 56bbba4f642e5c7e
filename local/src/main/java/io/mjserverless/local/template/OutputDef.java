package io.mjserverless.local.template;

/**
 * An entry of the template's Outputs, resolved where possible.
 *
 * @param name its key under Outputs
 * @param description its Description, or null
 * @param value the resolved Value, or null when it does not resolve locally
 * @param error why the value did not resolve, or null
 */
public record OutputDef(String name, String description, String value, String error) {
  public boolean resolved() {
    return error == null;
  }
}
