package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.http.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** template.yaml routes exactly the operations the code serves, each to the function that serves it. */
class TemplateRoutesTest {
  private static final Pattern FUNCTION = Pattern.compile("^  (\\w+Function):\\s*$");
  private static final Pattern METHOD = Pattern.compile("^\\s+Method: (\\w+)\\s*$");
  private static final Pattern PATH = Pattern.compile("^\\s+Path: (\\S+)\\s*$");
  private static final Pattern HANDLER = Pattern.compile("^\\s+Handler: (\\S+)::handleRequest\\s*$");

  @Test
  void everyOperationIsRoutedWithAndWithoutModeToItsFunction() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../../template.yaml"));
    Set<String> declared = new TreeSet<>();
    Set<String> handlers = new TreeSet<>();
    String function = null;
    String method = null;
    for (String line : lines) {
      Matcher m;
      if ((m = FUNCTION.matcher(line)).matches()) {
        function = m.group(1);
      } else if ((m = HANDLER.matcher(line)).matches()) {
        handlers.add(function + "=" + m.group(1));
      } else if ((m = METHOD.matcher(line)).matches()) {
        method = m.group(1);
      } else if ((m = PATH.matcher(line)).matches() && method != null) {
        declared.add(function + " " + method + " " + m.group(1));
        method = null;
      }
    }
    Set<String> expected = new TreeSet<>();
    for (Operation op : Operation.values()) {
      expected.add(op.function().logicalId() + " " + op.method() + " " + op.path());
      expected.add(op.function().logicalId() + " " + op.method() + " " + op.modePath());
    }
    // Not an operation of the contract: the notifyHook providers post to, authenticated by its own secret.
    expected.add("ProviderHookFunction POST /mj/hooks/provider/{taskId}/{secret}");
    assertEquals(expected, declared);
    for (Operation.Function f : Operation.Function.values()) {
      assertTrue(handlers.contains(f.logicalId() + "=io.mjserverless.api." + f.logicalId()), f + " has its handler in the template");
    }
  }

  @Test
  void theTaskFunctionTakesTheDefaultRoute() throws IOException {
    String template = Files.readString(Path.of("../../template.yaml"));
    int task = template.indexOf("  TaskFunction:");
    int next = template.indexOf("  AdminFunction:");
    assertTrue(template.substring(task, next).contains("        Default:\n          Type: HttpApi"));
  }
}
