package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.log.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's observability: JSON logs with a level, tracing, log groups with retention for every
 * function and the state machine, state-machine execution logging, alarms, dashboard, and the
 * parameters that size or turn each off.
 */
class ObservabilityTemplateTest {
  static final Path TEMPLATE = Path.of("../template.yaml");
  static SamTemplate template;

  static final List<String> ALARMS = List.of("FailedExecutionsAlarm", "TimedOutExecutionsAlarm", "Api5xxRateAlarm",
      "CallbacksGivenUpAlarm", "TasksEndedBySweeperAlarm");

  @BeforeAll
  static void load() {
    template = SamTemplate.load(TEMPLATE, Map.of(), "us-east-1", "mj-local");
  }

  static SamTemplate with(Map<String, String> params) {
    return SamTemplate.load(TEMPLATE, params, "us-east-1", "mj-local");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> props(SamTemplate t, String logicalId) {
    TemplateResource r = t.resources().get(logicalId);
    return (Map<String, Object>) t.resolve(r.properties(), r.propertiesPath());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> globalFunction(SamTemplate t) {
    Map<String, Object> tree = CfnYaml.load(TEMPLATE.toAbsolutePath().normalize());
    Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) tree.get("Globals")).get("Function");
    return (Map<String, Object>) t.resolve(function, "Globals.Function");
  }

  @Test
  void everyFunctionLogsJsonAtTheChosenLevelAndIsTraced() {
    Map<String, Object> function = globalFunction(template);
    assertEquals(Map.of("LogFormat", "JSON", "ApplicationLogLevel", "INFO"), function.get("LoggingConfig"));
    assertEquals("Active", function.get("Tracing"));
    Map<String, Object> quiet = globalFunction(with(Map.of("ApplicationLogLevel", "DEBUG", "TracingEnabled", "false")));
    assertEquals("DEBUG", ((Map<?, ?>) quiet.get("LoggingConfig")).get("ApplicationLogLevel"));
    assertEquals("PassThrough", quiet.get("Tracing"));
    // Every function gets the metrics namespace its EMF lines name (the alarms read the same one).
    for (FunctionDef fn : template.functions().values()) {
      assertEquals("MjServerless", fn.environment().get("METRICS_NAMESPACE"), fn.logicalId());
    }
    assertEquals("Ops/Mj", with(Map.of("MetricsNamespace", "Ops/Mj")).functions().get("PollFunction").environment()
        .get("METRICS_NAMESPACE"));
  }

  @Test
  void aLevelThatWouldDropTheMetricLinesIsRefused() {
    // WARN or ERROR would make Lambda drop the INFO-level EMF lines: alarms and dashboard would go blind.
    org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class, () -> with(Map.of("ApplicationLogLevel", "WARN")));
  }

  @Test
  void everyFunctionHasItsLogGroupWithRetention() {
    for (FunctionDef fn : template.functions().values()) {
      String id = fn.logicalId() + "LogGroup";
      TemplateResource group = template.resources().get(id);
      assertTrue(group != null && group.created(), fn.logicalId() + " has no log group " + id);
      assertEquals("AWS::Logs::LogGroup", group.type());
      Map<String, Object> p = props(template, id);
      assertEquals("/aws/lambda/" + template.ref(fn.logicalId()), p.get("LogGroupName"), id);
      assertEquals("30", String.valueOf(p.get("RetentionInDays")), id);
    }
    assertEquals("7", String.valueOf(props(with(Map.of("LogRetentionDays", "7")), "PollFunctionLogGroup").get("RetentionInDays")));
    SamTemplate older = with(Map.of("CreateFunctionLogGroups", "false"));
    assertTrue(older.functions().keySet().stream().noneMatch(f -> older.resources().get(f + "LogGroup").created()),
        "a stack whose groups Lambda made already leaves them alone");
    assertTrue(older.resources().get("TaskStateMachineLogGroup").created(), "the state machine's group is always ours");
  }

  @Test
  void theStateMachineLogsToItsGroupWithoutExecutionDataAndIsTraced() {
    Map<String, Object> sm = props(template, "TaskStateMachine");
    Map<?, ?> logging = (Map<?, ?>) sm.get("Logging");
    assertEquals("ERROR", logging.get("Level"));
    assertEquals("false", String.valueOf(logging.get("IncludeExecutionData")), "prompts and errors stay out of the logs by default");
    Map<?, ?> destination = (Map<?, ?>) ((List<?>) logging.get("Destinations")).get(0);
    assertEquals(template.getAtt("TaskStateMachineLogGroup", "Arn"),
        ((Map<?, ?>) destination.get("CloudWatchLogsLogGroup")).get("LogGroupArn"));
    assertEquals(true, ((Map<?, ?>) sm.get("Tracing")).get("Enabled"));
    Map<String, Object> off = props(with(Map.of("TracingEnabled", "false", "StateMachineLogLevel", "ALL",
        "StateMachineLogExecutionData", "true")), "TaskStateMachine");
    assertEquals(false, ((Map<?, ?>) off.get("Tracing")).get("Enabled"));
    assertEquals("ALL", ((Map<?, ?>) off.get("Logging")).get("Level"));
    assertEquals("true", String.valueOf(((Map<?, ?>) off.get("Logging")).get("IncludeExecutionData")));
    assertEquals("30", String.valueOf(props(template, "TaskStateMachineLogGroup").get("RetentionInDays")));
  }

  @Test
  void alarmsByDefaultWithoutAnyoneToTell() {
    for (String alarm : ALARMS) {
      assertTrue(template.resources().get(alarm).created(), alarm);
      assertFalse(props(template, alarm).containsKey("AlarmActions"), alarm + " has no topic to notify by default");
    }
    assertFalse(template.resources().get("AlarmTopic").created());
  }

  @Test
  void alarmsTurnedOffAreNotThere() {
    SamTemplate off = with(Map.of("AlarmsEnabled", "false", "AlarmEmail", "ops@example.com"));
    for (String alarm : ALARMS) {
      assertFalse(off.resources().get(alarm).created(), alarm);
    }
    assertFalse(off.resources().get("AlarmTopic").created());
  }

  @Test
  void alarmsNotifyAnEmailTopicOrAGivenTopic() {
    SamTemplate mail = with(Map.of("AlarmEmail", "ops@example.com"));
    assertTrue(mail.resources().get("AlarmTopic").created());
    assertEquals(List.of(Map.of("Protocol", "email", "Endpoint", "ops@example.com")), props(mail, "AlarmTopic").get("Subscription"));
    for (String alarm : ALARMS) {
      assertEquals(List.of(mail.ref("AlarmTopic")), props(mail, alarm).get("AlarmActions"), alarm);
    }
    String arn = "arn:aws:sns:us-east-1:123456789012:ops";
    SamTemplate given = with(Map.of("AlarmTopicArn", arn, "AlarmEmail", "ops@example.com"));
    assertFalse(given.resources().get("AlarmTopic").created(), "a given topic wins over a new one");
    assertEquals(List.of(arn), props(given, "CallbacksGivenUpAlarm").get("AlarmActions"));
  }

  @Test
  void alarmsReadTheMetricsTheFunctionsWrite() {
    Map<String, Object> gaveUp = props(template, "CallbacksGivenUpAlarm");
    assertEquals(Metrics.DEFAULT_NAMESPACE, gaveUp.get("Namespace"));
    assertEquals(Metrics.CALLBACKS, gaveUp.get("MetricName"));
    assertEquals(List.of(Map.of("Name", "Outcome", "Value", "gaveUp")), gaveUp.get("Dimensions"));
    Map<String, Object> swept = props(template, "TasksEndedBySweeperAlarm");
    assertEquals(Metrics.SWEPT_TASKS, swept.get("MetricName"));
    assertEquals(List.of(Map.of("Name", "Finding", "Value", "ended")), swept.get("Dimensions"));
    Map<String, Object> failed = props(template, "FailedExecutionsAlarm");
    assertEquals("AWS/States", failed.get("Namespace"));
    assertEquals(List.of(Map.of("Name", "StateMachineArn", "Value", template.ref("TaskStateMachine"))), failed.get("Dimensions"));
    assertEquals("ExecutionsTimedOut", props(template, "TimedOutExecutionsAlarm").get("MetricName"));
    Map<String, Object> api = props(template, "Api5xxRateAlarm");
    assertEquals("5", String.valueOf(api.get("Threshold")));
    assertEquals("12", String.valueOf(props(with(Map.of("Api5xxRatePercent", "12")), "Api5xxRateAlarm").get("Threshold")));
    List<?> metrics = (List<?>) api.get("Metrics");
    assertEquals(List.of("errors", "requests", "rate"), metrics.stream().map(m -> ((Map<?, ?>) m).get("Id")).collect(Collectors.toList()));
  }

  @Test
  void theDashboardShowsEveryMetricAndCanBeTurnedOff() {
    String body = String.valueOf(props(template, "OperationsDashboard").get("DashboardBody"));
    io.mjserverless.core.json.Json.tree(body); // valid JSON once substituted
    for (String metric : List.of(Metrics.SUBMITS, Metrics.TASKS_ENDED, Metrics.JOB_DURATION, Metrics.END_TO_END_DURATION,
        Metrics.CALLBACKS, Metrics.ENGINE_ERRORS, Metrics.SWEPT_TASKS)) {
      assertTrue(body.contains("\\\"" + metric + "\\\"") || body.contains("\"" + metric + "\""), "the dashboard shows " + metric);
    }
    assertTrue(body.contains("{MjServerless,Route}"), "searches the configured namespace");
    assertFalse(with(Map.of("DashboardEnabled", "false")).resources().get("OperationsDashboard").created());
  }
}
