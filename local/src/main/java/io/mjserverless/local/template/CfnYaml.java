package io.mjserverless.local.template;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses CloudFormation / SAM YAML into a plain tree with explicit {@link Intrinsic} nodes; nothing
 * is evaluated here.
 *
 * <p>The tree holds {@code Map<String, Object>} (insertion-ordered), {@code List<Object>},
 * {@code String}, {@code Boolean}, numbers, {@code null} and {@link Intrinsic}. Numbers: integers
 * as Integer/Long/BigInteger, decimals as {@link BigDecimal} (so {@code 1.50} keeps its text).
 * YAML 1.1 timestamps stay strings ({@code Version: 2012-10-17} is not a date). Duplicate keys are
 * an error, as in CloudFormation.
 *
 * <p>Short forms: {@code !Ref !Sub !GetAtt !Join !If !Equals !Not !And !Or !Select !Split
 * !FindInMap !Base64 !Condition !ImportValue !GetAZs !Cidr !Length !ToJsonString} on a scalar, a
 * sequence or a mapping. Long forms: a one-key mapping whose key is {@code Ref} or starts with
 * {@code Fn::}, and {@code Condition: <string>} as a one-key mapping (the long form of
 * {@code !Condition}; a resource's or an IAM statement's {@code Condition} never is a one-key
 * mapping with a string value).
 */
public final class CfnYaml {
  static final List<String> SHORT_FORMS = List.of(
      "Ref", "Sub", "GetAtt", "Join", "If", "Equals", "Not", "And", "Or", "Select", "Split",
      "FindInMap", "Base64", "Condition", "ImportValue", "GetAZs", "Cidr", "Length", "ToJsonString");

  private static final Set<String> PLAIN_NAMES = Set.of("Ref", "Condition");

  private CfnYaml() {}

  /** Parses a template file; {@code source} in errors is the file name. */
  public static Map<String, Object> load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TemplateException("cannot read template " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses template text whose top level must be a mapping. */
  public static Map<String, Object> parse(String yaml, String source) {
    Object tree = parseAny(yaml, source);
    if (tree == null) {
      return new LinkedHashMap<>();
    }
    if (!(tree instanceof Map)) {
      throw new TemplateException(source + ": the top level of a template must be a mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) tree;
    return map;
  }

  /** Parses any YAML document (a fragment) into the tree form. */
  public static Object parseAny(String yaml, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml parser = new Yaml(new CfnConstructor(options));
    Object raw;
    try {
      raw = parser.load(yaml);
    } catch (YAMLException e) {
      throw new TemplateException(source + ": not a valid template: " + problem(e), e);
    }
    return normalize(raw);
  }

  /** The parser's complaint on one line: what it expected and where (snakeyaml's own message quotes the text over several). */
  private static String problem(YAMLException e) {
    if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
      Mark at = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
      return m.getProblem() + (at == null ? "" : " at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1));
    }
    return String.join(" ", String.valueOf(e.getMessage()).strip().split("\\s*\\n\\s*"));
  }

  /** Long forms into Intrinsic, keys into strings, collections into mutable ordered ones. */
  static Object normalize(Object node) {
    if (node instanceof Intrinsic i) {
      return new Intrinsic(i.function(), normalize(i.argument()));
    }
    if (node instanceof Map<?, ?> m) {
      if (m.size() == 1) {
        Map.Entry<?, ?> only = m.entrySet().iterator().next();
        String key = String.valueOf(only.getKey());
        if (key.equals("Ref") || key.startsWith("Fn::")
            || (key.equals("Condition") && only.getValue() instanceof String)) {
          return new Intrinsic(key, normalize(only.getValue()));
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object item : l) {
        out.add(normalize(item));
      }
      return out;
    }
    return node;
  }

  private static final class CfnConstructor extends SafeConstructor {
    CfnConstructor(LoaderOptions options) {
      super(options);
      for (String name : SHORT_FORMS) {
        String function = PLAIN_NAMES.contains(name) ? name : "Fn::" + name;
        yamlConstructors.put(new Tag("!" + name), new ConstructIntrinsic(function));
      }
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructText());
      yamlConstructors.put(Tag.FLOAT, new ConstructDecimal());
    }

    private final class ConstructIntrinsic extends AbstractConstruct {
      private final String function;

      ConstructIntrinsic(String function) {
        this.function = function;
      }

      @Override
      public Object construct(Node node) {
        Object argument;
        if (node instanceof ScalarNode scalar) {
          argument = constructScalar(scalar);
        } else if (node instanceof SequenceNode sequence) {
          argument = constructSequence(sequence);
        } else {
          argument = constructMapping((MappingNode) node);
        }
        return new Intrinsic(function, argument);
      }
    }

    private final class ConstructText extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        return constructScalar((ScalarNode) node);
      }
    }

    private final class ConstructDecimal extends AbstractConstruct {
      private final ConstructYamlFloat fallback = new ConstructYamlFloat();

      @Override
      public Object construct(Node node) {
        String text = constructScalar((ScalarNode) node).replace("_", "");
        try {
          return new BigDecimal(text);
        } catch (NumberFormatException e) {
          return fallback.construct(node); // .inf, .nan, sexagesimal
        }
      }
    }
  }
}
