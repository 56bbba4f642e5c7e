package io.mjserverless.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Task to DynamoDB item and back. The mapping goes through {@link Json#MAPPER}'s tree, so a field added
 * to {@link Task} is stored without touching this class: strings become S, numbers N, booleans BOOL,
 * arrays L, objects M; null fields are left out of objects (null list elements are kept as NUL).
 *
 * <p>Numbers read back the way Jackson reads them from JSON text: a whole number is an Integer when it
 * fits, else a Long (else a BigInteger), and a fraction is a Double. So {@link Task#properties()} holding
 * strings, booleans, ints, longs beyond the int range, fractional doubles, lists and maps round-trips to
 * an equal task; a small Long or a whole-valued Double comes back as an Integer.
 */
public final class TaskItems {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private TaskItems() {}

  /** The primary key of a task item. */
  public static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  public static Map<String, AttributeValue> toItem(Task task) {
    return toItem(Json.MAPPER.valueToTree(task));
  }

  public static Task fromItem(Map<String, AttributeValue> item) {
    try {
      return Json.MAPPER.treeToValue(toJson(item), Task.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored task is not readable: " + e.getOriginalMessage(), e);
    }
  }

  /** An object node as an item (top-level attributes); null fields are left out. */
  public static Map<String, AttributeValue> toItem(JsonNode object) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("an item must be a JSON object, not " + object.getNodeType());
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!field.getValue().isNull() && !field.getValue().isMissingNode()) {
        item.put(field.getKey(), toAttribute(field.getValue()));
      }
    }
    return item;
  }

  /** An item as an object node. */
  public static ObjectNode toJson(Map<String, AttributeValue> item) {
    ObjectNode object = NODES.objectNode();
    item.forEach((name, value) -> object.set(name, toJson(value)));
    return object;
  }

  public static AttributeValue toAttribute(JsonNode node) {
    switch (node.getNodeType()) {
      case STRING:
        return AttributeValue.fromS(node.textValue());
      case BOOLEAN:
        return AttributeValue.fromBool(node.booleanValue());
      case NUMBER:
        return AttributeValue.fromN(numberText(node));
      case ARRAY: {
        List<AttributeValue> list = new ArrayList<>(node.size());
        for (JsonNode element : node) {
          list.add(element.isNull() ? AttributeValue.fromNul(true) : toAttribute(element));
        }
        return AttributeValue.fromL(list);
      }
      case OBJECT:
        return AttributeValue.fromM(toItem(node));
      case BINARY:
        try {
          return AttributeValue.fromB(SdkBytes.fromByteArray(node.binaryValue()));
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("unreadable binary value", e);
        }
      case NULL:
        return AttributeValue.fromNul(true);
      default:
        throw new IllegalArgumentException("cannot store a " + node.getNodeType() + " value");
    }
  }

  public static JsonNode toJson(AttributeValue value) {
    switch (value.type()) {
      case S:
        return NODES.textNode(value.s());
      case N:
        return number(value.n());
      case BOOL:
        return NODES.booleanNode(value.bool());
      case NUL:
        return NODES.nullNode();
      case L: {
        ArrayNode array = NODES.arrayNode();
        value.l().forEach(element -> array.add(toJson(element)));
        return array;
      }
      case M:
        return toJson(value.m());
      case SS: {
        ArrayNode array = NODES.arrayNode();
        value.ss().forEach(array::add);
        return array;
      }
      case NS: {
        ArrayNode array = NODES.arrayNode();
        value.ns().forEach(n -> array.add(number(n)));
        return array;
      }
      case B:
        return NODES.binaryNode(value.b().asByteArray());
      default:
        throw new IllegalArgumentException("cannot read attribute of type " + value.type());
    }
  }

  private static String numberText(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isBigDecimal()) {
      return node.decimalValue().toPlainString();
    }
    double d = node.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("DynamoDB cannot store " + d);
    }
    // valueOf keeps the shortest decimal that reads back as the same double; plain avoids exponent syntax.
    return BigDecimal.valueOf(d).toPlainString();
  }

  /** A stored number as Jackson would parse it: integral text as int/long/BigInteger, anything else as double. */
  private static JsonNode number(String text) {
    boolean fraction = text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
    if (fraction) {
      BigDecimal decimal = new BigDecimal(text);
      // DynamoDB drops trailing zeros, so "2.0" may come back as "2": treat a whole decimal as integral.
      if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
        return integral(decimal.toBigIntegerExact());
      }
      return NODES.numberNode(decimal.doubleValue());
    }
    return integral(new BigInteger(text));
  }

  private static JsonNode integral(BigInteger value) {
    if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
      return NODES.numberNode(value.intValue());
    }
    if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
      return NODES.numberNode(value.longValue());
    }
    return NODES.numberNode(value);
  }
}
