package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every comparison operator of the JSONPath dialect, tested on one input. */
class ChoiceRuleTest {
  private static final JsonNode INPUT = json("{'s': 'beta', 'other': 'gamma', 'n': 5, 'five': 5.0, 'big': 10,"
      + " 'b': true, 't': '2026-01-02T03:04:05Z', 'later': '2026-01-02T04:04:05+01:00', 'nil': null,"
      + " 'file': 'log-2026.txt', 'star': 'a*b'}");

  private static boolean test(String ruleJson) {
    ChoiceRule rule = ChoiceRule.compile(json(ruleJson), "Choices[0]", false);
    return rule.test(INPUT, json("{'State': {'RetryCount': 2}}"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "StringEquals | 'beta' | true",
      "StringEquals | 'Beta' | false",
      "StringLessThan | 'gamma' | true",
      "StringLessThan | 'beta' | false",
      "StringGreaterThan | 'alpha' | true",
      "StringLessThanEquals | 'beta' | true",
      "StringGreaterThanEquals | 'beta' | true",
      "StringGreaterThanEquals | 'c' | false",
      "NumericEquals | 5 | true",
      "NumericEquals | 5.0 | true",
      "NumericLessThan | 5.5 | true",
      "NumericGreaterThan | 5 | false",
      "NumericLessThanEquals | 5 | true",
      "NumericGreaterThanEquals | 6 | false",
      "TimestampEquals | '2026-01-02T03:04:05.000Z' | true",
      "TimestampLessThan | '2026-01-02T03:04:06Z' | true",
      "TimestampGreaterThan | '2026-01-02T03:04:04Z' | true",
      "TimestampLessThanEquals | '2026-01-02T03:04:05Z' | true",
      "TimestampGreaterThanEquals | '2026-01-02T03:04:06Z' | false"})
  void literalComparisons(String operator, String operand, boolean expected) {
    String variable = operator.startsWith("String") ? "$.s" : operator.startsWith("Numeric") ? "$.n" : "$.t";
    assertEquals(expected, test("{'Variable': '" + variable + "', '" + operator + "': " + operand + "}"));
  }

  @ParameterizedTest(name = "{0}Path {1} {2} -> {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "StringEquals | $.s | $.s | true",
      "StringLessThan | $.s | $.other | true",
      "StringGreaterThan | $.s | $.other | false",
      "StringLessThanEquals | $.s | $.s | true",
      "StringGreaterThanEquals | $.other | $.s | true",
      "NumericEquals | $.n | $.five | true",
      "NumericLessThan | $.n | $.big | true",
      "NumericGreaterThan | $.big | $.n | true",
      "NumericLessThanEquals | $.big | $.n | false",
      "NumericGreaterThanEquals | $.n | $.five | true",
      "NumericEquals | $$.State.RetryCount | $.n | false",
      "BooleanEquals | $.b | $.b | true",
      "TimestampEquals | $.t | $.later | true",
      "TimestampLessThan | $.t | $.later | false",
      "TimestampGreaterThan | $.t | $.later | false",
      "TimestampLessThanEquals | $.t | $.later | true",
      "TimestampGreaterThanEquals | $.t | $.later | true",
      "StringEquals | $.s | $.n | false"})
  void pathComparisons(String operator, String variable, String operandPath, boolean expected) {
    assertEquals(expected, test("{'Variable': '" + variable + "', '" + operator + "Path': '" + operandPath + "'}"));
  }

  @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "IsNull | true | $.nil | true",
      "IsNull | true | $.s | false",
      "IsNull | false | $.s | true",
      "IsPresent | true | $.s | true",
      "IsPresent | true | $.nothing | false",
      "IsPresent | false | $.nothing | true",
      "IsPresent | true | $.nil | true",
      "IsNumeric | true | $.five | true",
      "IsNumeric | true | $.s | false",
      "IsString | true | $.s | true",
      "IsString | true | $.n | false",
      "IsBoolean | true | $.b | true",
      "IsBoolean | false | $.nil | true",
      "IsTimestamp | true | $.t | true",
      "IsTimestamp | true | $.s | false"})
  void typeTests(String operator, boolean operand, String variable, boolean expected) {
    assertEquals(expected, test("{'Variable': '" + variable + "', '" + operator + "': " + operand + "}"));
  }

  @ParameterizedTest(name = "StringMatches {0} on {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "log-*.txt | $.file | true",
      "*.txt | $.file | true",
      "log-* | $.file | true",
      "*2026* | $.file | true",
      "log-*.csv | $.file | false",
      "log | $.file | false",
      "a\\\\*b | $.star | true",
      "a\\\\*b | $.file | false",
      "a*b | $.star | true"})
  void stringMatches(String pattern, String variable, boolean expected) {
    assertEquals(expected, test("{'Variable': '" + variable + "', 'StringMatches': '" + pattern + "'}"));
  }

  @Test
  void booleanEqualsAndTypeMismatchesAreFalse() {
    assertTrue(test("{'Variable': '$.b', 'BooleanEquals': true}"));
    assertEquals(false, test("{'Variable': '$.b', 'BooleanEquals': false}"));
    assertEquals(false, test("{'Variable': '$.s', 'NumericEquals': 5}"));
    assertEquals(false, test("{'Variable': '$.n', 'StringEquals': '5'}"));
    assertEquals(false, test("{'Variable': '$.s', 'TimestampEquals': '2026-01-02T03:04:05Z'}"));
    assertEquals(false, test("{'Variable': '$.n', 'BooleanEquals': true}"));
  }

  @Test
  void andOrNot() {
    assertTrue(test("{'And': [{'Variable': '$.n', 'NumericGreaterThan': 1}, {'Variable': '$.s', 'StringEquals': 'beta'}]}"));
    assertEquals(false, test("{'And': [{'Variable': '$.n', 'NumericGreaterThan': 1}, {'Variable': '$.s', 'StringEquals': 'x'}]}"));
    assertTrue(test("{'Or': [{'Variable': '$.n', 'NumericGreaterThan': 100}, {'Variable': '$.s', 'StringEquals': 'beta'}]}"));
    assertEquals(false, test("{'Or': [{'Variable': '$.n', 'NumericGreaterThan': 100}, {'Variable': '$.b', 'BooleanEquals': false}]}"));
    assertTrue(test("{'Not': {'Variable': '$.s', 'StringEquals': 'x'}}"));
    assertTrue(test("{'Not': {'And': [{'Variable': '$.nothing', 'IsPresent': true}, {'Variable': '$.nothing', 'IsNull': true}]}}"));
  }

  @Test
  void aMissingVariableIsAStatesRuntimeErrorExceptForIsPresent() {
    StatesError e = assertThrows(StatesError.class, () -> test("{'Variable': '$.nothing', 'StringEquals': 'x'}"));
    assertEquals("States.Runtime", e.error);
    assertThrows(StatesError.class, () -> test("{'Variable': '$.nothing', 'IsNull': true}"));
    assertThrows(StatesError.class, () -> test("{'Variable': '$.s', 'StringEqualsPath': '$.nothing'}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'Variable': '$.s', 'StringEquals': 1} | Choices[0].StringEquals",
      "{'Variable': '$.n', 'NumericEquals': '1'} | Choices[0].NumericEquals",
      "{'Variable': '$.t', 'TimestampEquals': 'yesterday'} | Choices[0].TimestampEquals",
      "{'Variable': '$.s', 'StringEqualsIgnoreCase': 'x'} | Choices[0].StringEqualsIgnoreCase",
      "{'Variable': '$.s'} | Choices[0]",
      "{'Variable': '$.s', 'StringEquals': 'a', 'NumericEquals': 1} | Choices[0]",
      "{'StringEquals': 'a'} | Choices[0].Variable",
      "{'Variable': '$.s[*]', 'StringEquals': 'a'} | Choices[0].Variable",
      "{'And': []} | Choices[0].And",
      "{'Condition': '{% true %}'} | Choices[0].Condition",
      "{'Variable': '$.s', 'IsNull': 'yes'} | Choices[0].IsNull",
      "{'Not': {'Variable': '$.s', 'StringEquals': 'a', 'Next': 'X'}} | Choices[0].Not.Next"})
  void invalidRulesNameTheirField(String rule, String field) {
    DefinitionProblem p = assertThrows(DefinitionProblem.class, () -> ChoiceRule.compile(json(rule), "Choices[0]", false));
    assertEquals(field, p.field, p.getMessage());
  }
}
