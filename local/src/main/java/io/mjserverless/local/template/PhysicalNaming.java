package io.mjserverless.local.template;

import java.util.Optional;

/**
 * Decides what {@code !Ref} and {@code !GetAtt} of a template resource evaluate to locally. The
 * resolver asks it for every resource reference; {@link DefaultPhysicalNaming} is the default.
 *
 * <p>Return null for "not supported" (the resolver then fails with a message naming the resource,
 * the property path and the intrinsic); throw {@link IllegalArgumentException} for a more precise
 * reason, which the resolver adds to its message.
 */
public interface PhysicalNaming {

  /**
   * The value of a {@code Ref}.
   *
   * @param resource the referenced resource
   * @param qualifier null for {@code !Ref Id}; for SAM's generated resources of a function:
   *     {@code "Alias"} ({@code !Ref Fn.Alias}), {@code "Version"} ({@code !Ref Fn.Version}) or
   *     {@code "Role"} ({@code !Ref FnRole}, the generated execution role)
   */
  String ref(TemplateResource resource, String qualifier, Lookup lookup);

  /** The value of {@code !GetAtt resource.attribute}. */
  String getAtt(TemplateResource resource, String attribute, Lookup lookup);

  /** What a naming may ask of the template while naming. */
  interface Lookup {
    StackContext stack();

    /**
     * A property of the resource resolved to a string (with SAM Globals applied for functions),
     * empty when absent or AWS::NoValue. Fails when it does not resolve.
     */
    Optional<String> property(TemplateResource resource, String name);
  }
}
