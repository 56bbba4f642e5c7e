package io.mjserverless.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code AWS::Serverless::StateMachine} with a {@code DefinitionUri}.
 *
 * @param logicalId its key under Resources
 * @param definitionFile DefinitionUri resolved against the template's folder
 * @param substitutions DefinitionSubstitutions, every value resolved to a string
 * @param type STANDARD (the default) or EXPRESS
 */
public record StateMachineDef(String logicalId, Path definitionFile, Map<String, String> substitutions, String type) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  public StateMachineDef {
    substitutions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(substitutions));
  }

  /**
   * The definition file with every {@code ${Name}} replaced by its substitution (as text, like
   * CloudFormation does).
   *
   * @throws TemplateException when the file cannot be read, or when a {@code ${...}} is left with
   *     no substitution (the message names each)
   */
  public String definitionText() {
    String text;
    try {
      text = Files.readString(definitionFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TemplateException("Resources." + logicalId + ".Properties.DefinitionUri: cannot read "
          + definitionFile + ": " + e.getMessage(), e);
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    Set<String> missing = new TreeSet<>();
    while (m.find()) {
      String name = m.group(1);
      String value = substitutions.get(name);
      if (value == null) {
        missing.add("${" + name + "}");
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    m.appendTail(out);
    if (!missing.isEmpty()) {
      throw new TemplateException("Resources." + logicalId + ": the definition " + definitionFile.getFileName()
          + " has " + String.join(", ", missing) + " with no entry in DefinitionSubstitutions (has "
          + substitutions.keySet() + ")");
    }
    return out.toString();
  }
}
