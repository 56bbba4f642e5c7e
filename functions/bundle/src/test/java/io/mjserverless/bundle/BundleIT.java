package io.mjserverless.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The artifact template.yaml deploys: one jar for every function, holding every handler the template
 * names, loadable from that jar alone, and without joda-time. Runs after {@code package} (failsafe),
 * against the shaded jar itself rather than the module classpath.
 */
class BundleIT {
  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  static final String CODE_URI = "functions/bundle/target/mj-functions.jar";
  static final Path JAR = ROOT.resolve(CODE_URI);

  static Map<String, Object> template;
  static Map<String, String> handlers; // logical id -> handler class

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readTemplate() throws IOException {
    template = new Yaml(new CfnTags()).load(Files.readString(ROOT.resolve("template.yaml")));
    handlers = new TreeMap<>();
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    resources.forEach((id, value) -> {
      Map<String, Object> resource = (Map<String, Object>) value;
      if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
        Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
        String handler = (String) props.get("Handler");
        handlers.put(id, handler.substring(0, handler.indexOf("::")));
      }
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyFunctionDeploysTheOneJar() {
    Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
    assertEquals(CODE_URI, globals.get("CodeUri"));
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    for (String id : handlers.keySet()) {
      Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) resources.get(id)).get("Properties");
      Object own = props.get("CodeUri");
      assertTrue(own == null || CODE_URI.equals(own), id + " deploys " + own + " instead of the one artifact");
    }
    assertTrue(handlers.size() >= 13, "the template's functions: " + handlers.keySet());
    assertTrue(Files.isRegularFile(JAR), JAR + " is built by package");
  }

  @Test
  void everyHandlerLoadsFromTheJarAlone() throws Exception {
    // Parent: the platform loader, so nothing of the test's classpath (the modules, joda-time) can stand in.
    try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> requestHandler = jarOnly.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
      Class<?> streamHandler = jarOnly.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler");
      for (Map.Entry<String, String> h : handlers.entrySet()) {
        Class<?> type = Class.forName(h.getValue(), true, jarOnly);
        assertTrue(requestHandler.isAssignableFrom(type) || streamHandler.isAssignableFrom(type),
            h.getKey() + ": " + h.getValue() + " is no Lambda handler");
        assertNotNull(type.getConstructor(), h.getKey() + " needs the no-arg constructor the Lambda runtime calls");
        // Resolving every signature links the types the handler's methods name (events, services, streams).
        type.getDeclaredMethods();
        type.getDeclaredConstructors();
        type.getDeclaredFields();
      }
    }
  }

  @Test
  void noJodaTimeAndNothingAHandlerReachesNeedsIt() throws IOException {
    Map<String, Set<String>> references = new HashMap<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        assertFalse(e.getName().startsWith("org/joda/"), "joda-time is in the jar: " + e.getName());
        if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
          try (InputStream in = zip.getInputStream(e)) {
            references.put(e.getName().substring(0, e.getName().length() - ".class".length()), ClassReferences.of(in));
          }
        }
      }
    }
    Set<String> needJoda = new TreeSet<>();
    references.forEach((type, refs) -> {
      if (refs.stream().anyMatch(r -> r.startsWith("org/joda/"))) {
        needJoda.add(type);
      }
    });
    // Classes that name joda exist (event types of other triggers); none may be reachable from a handler.
    assertTrue(needJoda.contains("com/amazonaws/services/lambda/runtime/events/models/s3/S3EventNotification$S3EventNotificationRecord"),
        "the walk below has something to find: " + needJoda);
    Set<String> reached = reachable(references, handlers.values().stream().map(h -> h.replace('.', '/')).toList());
    assertTrue(reached.size() > 1000, "the handlers reach the SDK, Jackson and our core: " + reached.size());
    Set<String> reachedNeedingJoda = new TreeSet<>(needJoda);
    reachedNeedingJoda.retainAll(reached);
    assertEquals(Set.of(), reachedNeedingJoda, "classes a handler can reach that name joda-time");
    // The same walk from an S3Event handler would have found them.
    Set<String> fromS3Event = reachable(references, List.of("com/amazonaws/services/lambda/runtime/events/S3Event"));
    assertTrue(fromS3Event.stream().anyMatch(needJoda::contains), "S3Event reaches joda-time");
  }

  private static Set<String> reachable(Map<String, Set<String>> references, List<String> roots) {
    Set<String> reached = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String type = todo.pop();
      if (reached.add(type)) {
        for (String r : references.getOrDefault(type, Set.of())) {
          if (references.containsKey(r) && !reached.contains(r)) {
            todo.add(r);
          }
        }
      }
    }
    return reached;
  }

  /** The classes a class file names: its constant pool's class entries and every type inside its descriptors. */
  static final class ClassReferences {
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    static Set<String> of(InputStream classFile) throws IOException {
      DataInputStream in = new DataInputStream(classFile);
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      List<Integer> classIndexes = new java.util.ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classIndexes.add(in.readUnsignedShort());
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
          case 5, 6 -> { in.readLong(); i++; }
          default -> throw new IOException("constant pool tag " + tag);
        }
      }
      Set<String> names = new HashSet<>();
      for (int index : classIndexes) {
        String name = utf8[index];
        names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
      }
      for (String s : utf8) {
        if (s != null && s.indexOf('L') >= 0 && s.indexOf(';') > 0) {
          Matcher m = TYPE_IN_DESCRIPTOR.matcher(s);
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
      return names;
    }
  }

  /** CloudFormation's short tags (!Ref, !Sub, !If...) read as the plain node under them. */
  static final class CfnTags extends SafeConstructor {
    CfnTags() {
      super(new LoaderOptions());
      yamlMultiConstructors.put("!", new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          if (node instanceof ScalarNode scalar) {
            return constructScalar(scalar);
          } else if (node instanceof SequenceNode sequence) {
            return constructSequence(sequence);
          }
          return constructMapping((MappingNode) node);
        }
      });
    }
  }
}
