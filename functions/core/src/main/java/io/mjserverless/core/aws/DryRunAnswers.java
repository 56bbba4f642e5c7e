package io.mjserverless.core.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.TaskItems;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bodies {@link DryRunHttpClient} answers dry runs with: what DynamoDB and Step Functions answer on
 * success, with a task item (every attribute type a task uses) wherever an operation returns items, so
 * the unmarshallers of those types are loaded too.
 */
final class DryRunAnswers {
  private static final String EXECUTION_ARN = "arn:aws:states:us-east-1:000000000000:execution:priming:priming";

  private DryRunAnswers() {}

  static String dynamo(String operation) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    switch (operation) {
      case "GetItem" -> body.set("Item", taskItem());
      case "UpdateItem" -> body.set("Attributes", taskItem());
      case "Query", "Scan" -> {
        body.putArray("Items").add(taskItem());
        body.put("Count", 1).put("ScannedCount", 1);
      }
      default -> { } // PutItem, DeleteItem and the rest answer {} when nothing is asked back
    }
    return body.toString();
  }

  static String stepFunctions(String operation) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    switch (operation) {
      case "StartExecution" -> body.put("executionArn", EXECUTION_ARN).put("startDate", 1_700_000_000L);
      case "DescribeExecution" -> body.put("executionArn", EXECUTION_ARN)
          .put("stateMachineArn", "arn:aws:states:us-east-1:000000000000:stateMachine:priming")
          .put("status", "RUNNING").put("startDate", 1_700_000_000L).put("input", "{}");
      default -> { }
    }
    return body.toString();
  }

  private static ObjectNode taskItem() {
    return item(TaskItems.toItem(ClientPriming.sampleTask()));
  }

  /** DynamoDB's JSON for an item. */
  private static ObjectNode item(Map<String, AttributeValue> attributes) {
    ObjectNode item = Json.MAPPER.createObjectNode();
    attributes.forEach((name, value) -> item.set(name, value(value)));
    return item;
  }

  private static ObjectNode value(AttributeValue v) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    switch (v.type()) {
      case S -> node.put("S", v.s());
      case N -> node.put("N", v.n());
      case BOOL -> node.put("BOOL", v.bool());
      case NUL -> node.put("NULL", true);
      case SS -> v.ss().forEach(node.putArray("SS")::add);
      case NS -> v.ns().forEach(node.putArray("NS")::add);
      case L -> {
        ArrayNode list = node.putArray("L");
        v.l().forEach(e -> list.add(value(e)));
      }
      case M -> node.set("M", item(v.m()));
      default -> node.put("NULL", true); // binary types: no task attribute uses them
    }
    return node;
  }
}
