package io.mjserverless.local.template;

import java.util.Map;

/**
 * One entry of the template's {@code Resources}, as written (properties unresolved). Every
 * resource is kept, whatever its type; the typed views of {@link SamTemplate} are built from these.
 *
 * @param logicalId the key under {@code Resources}
 * @param type e.g. {@code AWS::Serverless::Function}
 * @param condition the name of its {@code Condition}, or null
 * @param created false when its condition is false (then it exists in neither the typed views nor
 *     as a target of Ref/GetAtt)
 * @param properties its {@code Properties}, unresolved (an empty map when absent)
 */
public record TemplateResource(
    String logicalId, String type, String condition, boolean created, Map<String, Object> properties) {

  public boolean isFunction() {
    return "AWS::Serverless::Function".equals(type) || "AWS::Lambda::Function".equals(type);
  }

  /** Where its properties are in the template, for messages: {@code Resources.<id>.Properties}. */
  public String propertiesPath() {
    return "Resources." + logicalId + ".Properties";
  }
}
