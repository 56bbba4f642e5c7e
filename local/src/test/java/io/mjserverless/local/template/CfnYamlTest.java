package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing keeps intrinsics as explicit nodes, short and long forms alike. */
class CfnYamlTest {

  @Test
  void shortAndLongFormsGiveTheSameNodes() {
    Map<String, Object> t = CfnYaml.parse("""
        A: !Ref X
        B: {Ref: X}
        C: !GetAtt X.Arn
        D: {"Fn::GetAtt": [X, Arn]}
        E: !Sub ['${a}', {a: !Ref Y}]
        F: !If [Cond, !Ref AWS::NoValue, 1]
        G: !Condition Cond
        H: {Condition: Cond}
        I: !Not [!Equals [!Ref P, '']]
        """, "t");
    assertEquals(new Intrinsic("Ref", "X"), t.get("A"));
    assertEquals(new Intrinsic("Ref", "X"), t.get("B"));
    assertEquals(new Intrinsic("Fn::GetAtt", "X.Arn"), t.get("C"));
    assertEquals(new Intrinsic("Fn::GetAtt", List.of("X", "Arn")), t.get("D"));
    assertEquals(new Intrinsic("Fn::Sub", List.of("${a}", Map.of("a", new Intrinsic("Ref", "Y")))), t.get("E"));
    assertEquals(new Intrinsic("Fn::If", List.of("Cond", new Intrinsic("Ref", "AWS::NoValue"), 1)), t.get("F"));
    assertEquals(new Intrinsic("Condition", "Cond"), t.get("G"));
    assertEquals(new Intrinsic("Condition", "Cond"), t.get("H"));
    assertEquals(new Intrinsic("Fn::Not", List.of(new Intrinsic("Fn::Equals",
        List.of(new Intrinsic("Ref", "P"), "")))), t.get("I"));
    assertEquals("!GetAtt [X, Arn]", t.get("D").toString());
  }

  @Test
  void everyShortFormIsKnown() {
    for (String name : CfnYaml.SHORT_FORMS) {
      Object v = CfnYaml.parseAny("!" + name + " x", "t");
      Intrinsic i = assertInstanceOf(Intrinsic.class, v, name);
      assertEquals("!" + name, i.tag());
      assertEquals("x", i.argument());
    }
  }

  @Test
  void aResourceConditionAndAnIamConditionStayPlain() {
    Map<String, Object> t = CfnYaml.parse("""
        R: {Type: T, Condition: C}
        S: {Condition: {StringEquals: {k: v}}}
        """, "t");
    assertEquals(Map.of("Type", "T", "Condition", "C"), t.get("R"));
    assertEquals(Map.of("Condition", Map.of("StringEquals", Map.of("k", "v"))), t.get("S"));
  }

  @Test
  void scalarsKeepTheirText() {
    Map<String, Object> t = CfnYaml.parse("""
        Version: 2012-10-17
        Date: '2010-09-09'
        Ratio: 1.50
        Count: 8388608
        Flag: true
        200: ok
        """, "t");
    assertEquals("2012-10-17", t.get("Version"));
    assertEquals("2010-09-09", t.get("Date"));
    assertEquals(new BigDecimal("1.50"), t.get("Ratio"));
    assertEquals("1.50", IntrinsicResolver.text(t.get("Ratio")));
    assertEquals(8388608, t.get("Count"));
    assertEquals(true, t.get("Flag"));
    assertEquals("ok", t.get("200"));
  }

  @Test
  void badYamlIsATemplateError() {
    assertTrue(assertThrows(TemplateException.class, () -> CfnYaml.parse("A: !Bogus x", "bad.yaml"))
        .getMessage().startsWith("bad.yaml: "));
    assertTrue(assertThrows(TemplateException.class, () -> CfnYaml.parse("A: 1\nA: 2", "dup.yaml"))
        .getMessage().contains("dup.yaml"));
    assertTrue(assertThrows(TemplateException.class, () -> CfnYaml.parse("- a", "list.yaml"))
        .getMessage().contains("must be a mapping"));
  }
}
