package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each intrinsic, evaluated against a small inline template. */
class IntrinsicResolverTest {
  static final String TEMPLATE = """
      Parameters:
        Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
        Size: {Type: Number, Default: 3}
        Zones: {Type: CommaDelimitedList, Default: 'a,b,c'}
        Empty: {Type: String, Default: ''}
        NoDefault: {Type: String}
      Mappings:
        Sizes:
          dev: {Memory: 512}
          prod: {Memory: 2048}
      Conditions:
        IsProd: !Equals [!Ref Stage, prod]
        IsDev: !Not [!Condition IsProd]
        HasEmpty: {"Fn::Equals": [{"Ref": Empty}, '']}
        DevAndEmpty: !And [!Condition IsDev, !Condition HasEmpty]
        ProdOrEmpty: !Or [!Condition IsProd, !Condition HasEmpty]
        SizeIsThree: !Equals [!Ref Size, 3]
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
        NamedTable:
          Type: AWS::DynamoDB::Table
          Properties:
            TableName: !Sub '${AWS::StackName}-custom-${Stage}'
        Bucket:
          Type: AWS::S3::Bucket
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            AutoPublishAlias: live
        Machine:
          Type: AWS::Serverless::StateMachine
        ProdOnly:
          Type: AWS::S3::Bucket
          Condition: IsProd
        Widget:
          Type: Custom::Widget
      """;

  static IntrinsicResolver resolver(Map<String, String> overrides) {
    return new IntrinsicResolver(CfnYaml.parse(TEMPLATE, "test"), overrides,
        StackContext.local("eu-central-1", "mj-test"), new DefaultPhysicalNaming());
  }

  static Object eval(String expression) {
    return eval(expression, Map.of());
  }

  static Object eval(String expression, Map<String, String> overrides) {
    return resolver(overrides).resolve(CfnYaml.parseAny(expression, "expr"), "Test.Value");
  }

  static TemplateException error(String expression) {
    return assertThrows(TemplateException.class, () -> eval(expression));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "!Ref AWS::Region                                 | eu-central-1",
      "{Ref: AWS::AccountId}                            | 000000000000",
      "!Ref AWS::Partition                              | aws",
      "!Ref AWS::URLSuffix                              | amazonaws.com",
      "!Ref AWS::StackName                              | mj-test",
      "!Ref Stage                                       | dev",
      "!Ref Size                                        | 3",
      "!Ref Table                                       | mj-test-table",
      "!Ref NamedTable                                  | mj-test-custom-dev",
      "!Ref Bucket                                      | mj-test-bucket",
      "!Ref Fn                                          | Fn",
      "!Ref Fn.Alias                                    | arn:aws:lambda:eu-central-1:000000000000:function:Fn:live",
      "!Ref FnRole                                      | mj-test-FnRole",
      "!Ref Machine                                     | arn:aws:states:eu-central-1:000000000000:stateMachine:Machine",
      "!GetAtt Fn.Arn                                   | arn:aws:lambda:eu-central-1:000000000000:function:Fn",
      "!GetAtt [Fn, Arn]                                | arn:aws:lambda:eu-central-1:000000000000:function:Fn",
      "{'Fn::GetAtt': [Machine, Name]}                  | Machine",
      "!GetAtt Table.Arn                                | arn:aws:dynamodb:eu-central-1:000000000000:table/mj-test-table",
      "!GetAtt [Bucket, Arn]                            | arn:aws:s3:::mj-test-bucket",
      "!GetAtt [Fn, !Sub 'A${Empty}rn']                 | arn:aws:lambda:eu-central-1:000000000000:function:Fn",
      "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/${Stage}/*' | arn:aws:s3:::mj-test-bucket/dev/*",
      "!Sub '${AWS::Region}-${Stage}-${Size}'           | eu-central-1-dev-3",
      "!Sub '${Fn.Arn}:x'                               | arn:aws:lambda:eu-central-1:000000000000:function:Fn:x",
      "!Sub '${!Literal} ${ Stage }'                    | ${Literal} dev",
      "!Sub ['${Name}.${AWS::Region}.${Stage}', {Name: !Ref Table}] | mj-test-table.eu-central-1.dev",
      "!Sub ['${Stage}', {Stage: shadowed}]             | shadowed",
      "{'Fn::Sub': ['${X}-${Y}', {X: 1, Y: !Select [1, !Ref Zones]}]} | 1-b",
      "!Join ['-', [a, !Ref Stage, 3]]                  | a-dev-3",
      "!Join ['', [!Ref Empty, x]]                      | x",
      "!Join [',', !Ref Zones]                          | a,b,c",
      "!Join [':', !Split ['/', 'x/y/z']]               | x:y:z",
      "!Select [2, !Split [',', 'p,q,r']]               | r",
      "!Select ['0', [first, second]]                   | first",
      "!Select [1, !GetAZs '']                          | eu-central-1b",
      "!If [IsProd, big, small]                         | small",
      "!If [IsDev, !Ref Stage, !Ref NoDefault]          | dev",
      "{'Fn::If': [IsProd, 1, {'Fn::Join': ['+', [x, y]]}]} | x+y",
      "!FindInMap [Sizes, !Ref Stage, Memory]           | 512",
      "!FindInMap [Sizes, test, Memory, {DefaultValue: 128}] | 128",
      "!Base64 'hi ${x}'                                | aGkgJHt4fQ==",
      "!Base64 {'Fn::Sub': 'hi ${Stage}'}               | aGkgZGV2",
      "!Length [a, b, c]                                | 3",
      "!ToJsonString {a: [1, !Ref Stage]}               | {\"a\":[1,\"dev\"]}",
  })
  void evaluates(String expression, String expected) {
    assertEquals(expected, IntrinsicResolver.text(eval(expression)));
  }

  @Test
  void conditions() {
    assertEquals(Map.of("IsProd", false, "IsDev", true, "HasEmpty", true, "DevAndEmpty", true,
        "ProdOrEmpty", true, "SizeIsThree", true), resolver(Map.of()).conditions());
    assertEquals(Map.of("IsProd", true, "IsDev", false, "HasEmpty", false, "DevAndEmpty", false,
        "ProdOrEmpty", true, "SizeIsThree", false), resolver(Map.of("Stage", "prod", "Empty", "x", "Size", "4")).conditions());
    assertEquals(true, eval("!Equals [!Ref Size, '3']"));
    assertEquals(false, eval("!And [!Equals [a, a], !Not [!Equals [b, b]]]"));
    assertEquals(true, eval("!Condition IsDev"));
    assertEquals(true, eval("{Condition: HasEmpty}"));
    assertEquals("big", IntrinsicResolver.text(eval("!If [IsProd, big, small]", Map.of("Stage", "prod"))));
  }

  @Test
  void listsFromParametersAndSplit() {
    assertEquals(List.of("a", "b", "c"), eval("!Ref Zones"));
    assertEquals(List.of("a", "", "b"), eval("!Split [',', 'a,,b']"));
    assertEquals(List.of("eu-central-1a", "eu-central-1b", "eu-central-1c"), eval("!GetAZs ''"));
    assertEquals(List.of("x", "y"), eval("!Ref Zones", Map.of("Zones", "x, y")));
  }

  @Test
  void noValueRemovesKeysAndElements() {
    Object v = eval("""
        Keep: 1
        Drop: !Ref AWS::NoValue
        DropIf: !If [IsProd, x, !Ref AWS::NoValue]
        KeepIf: !If [IsDev, y, !Ref AWS::NoValue]
        List: [a, !Ref AWS::NoValue, !If [IsProd, c, !Ref AWS::NoValue], d]
        """);
    assertEquals(Map.of("Keep", 1, "KeepIf", "y", "List", List.of("a", "d")), v);
    assertSame(IntrinsicResolver.NO_VALUE, eval("!Ref AWS::NoValue"));
  }

  @Test
  void unresolvableRefNamesTheNameAndTheIntrinsic() {
    TemplateException e = error("!Ref Missing");
    assertTrue(e.getMessage().startsWith("Test.Value: !Ref Missing: "), e.getMessage());
    assertTrue(e.getMessage().contains("'Missing'"), e.getMessage());
    TemplateException nested = assertThrows(TemplateException.class, () -> eval("Outer: {Inner: [x, !Sub '${Nope}']}"));
    assertTrue(nested.getMessage().startsWith("Test.Value.Outer.Inner[1]: !Sub '${Nope}': "), nested.getMessage());
    assertTrue(nested.getMessage().contains("'Nope'"), nested.getMessage());
  }

  @Test
  void errorsOfOtherIntrinsics() {
    assertTrue(error("!GetAtt Ghost.Arn").getMessage().contains("no resource named 'Ghost'"));
    assertTrue(error("!GetAtt Table.Colour").getMessage().contains("attribute Colour of AWS::DynamoDB::Table"));
    assertTrue(error("!Ref Widget").getMessage().contains("no local physical name for a Ref of Custom::Widget"));
    assertTrue(error("!Ref ProdOnly").getMessage().contains("condition IsProd is false"));
    assertTrue(error("!Ref NoDefault").getMessage().contains("no Default and no override"));
    assertTrue(error("!ImportValue shared-vpc").getMessage().contains("!ImportValue shared-vpc: imports"));
    assertTrue(error("!Cidr [10.0.0.0/16, 4, 8]").getMessage().contains("Fn::Cidr is not supported locally"));
    assertTrue(error("!Select [5, [a, b]]").getMessage().contains("index 5 is outside the list of 2"));
    assertTrue(error("!FindInMap [Sizes, test, Memory]").getMessage().contains("mapping Sizes has no key 'test'"));
    assertTrue(error("!If [Unknown, a, b]").getMessage().contains("no condition named 'Unknown'"));
    assertTrue(error("!Join ['-', a]").getMessage().contains("expected a list"));
    assertTrue(error("!Sub 'x ${Stage'").getMessage().contains("unterminated"));
    assertTrue(error("!Ref AWS::Nothing").getMessage().contains("unknown pseudo parameter"));
    assertTrue(error("!Ref Bucket.Alias").getMessage().contains("'Bucket.Alias'"));
  }

  @Test
  void aliasNeedsAutoPublishAlias() {
    IntrinsicResolver r = new IntrinsicResolver(CfnYaml.parse("""
        Resources:
          Plain: {Type: AWS::Serverless::Function, Properties: {Handler: a.B}}
        """, "t"), Map.of(), StackContext.local("us-east-1", "s"), new DefaultPhysicalNaming());
    TemplateException e = assertThrows(TemplateException.class,
        () -> r.resolve(new Intrinsic("Ref", "Plain.Alias"), "X"));
    assertTrue(e.getMessage().contains("Plain has no AutoPublishAlias"), e.getMessage());
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:Plain:$LATEST",
        r.resolve(new Intrinsic("Ref", "Plain.Version"), "X"));
  }

  @Test
  void circularNamesAreDetected() {
    IntrinsicResolver r = new IntrinsicResolver(CfnYaml.parse("""
        Resources:
          A: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref B}}
          B: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref A}}
        """, "t"), Map.of(), StackContext.local("us-east-1", "s"), new DefaultPhysicalNaming());
    TemplateException e = assertThrows(TemplateException.class, () -> r.resolve(new Intrinsic("Ref", "A"), "X"));
    assertTrue(e.getMessage().contains("circular"), e.getMessage());
  }

  @Test
  void namingIsPluggable() {
    PhysicalNaming upper = new DefaultPhysicalNaming() {
      @Override
      public String ref(TemplateResource resource, String qualifier, Lookup lookup) {
        return "AWS::DynamoDB::Table".equals(resource.type())
            ? "LOCAL_" + resource.logicalId().toUpperCase()
            : super.ref(resource, qualifier, lookup);
      }
    };
    IntrinsicResolver r = new IntrinsicResolver(CfnYaml.parse(TEMPLATE, "t"), Map.of(),
        StackContext.local("us-east-1", "s"), upper);
    assertEquals("LOCAL_TABLE-s-bucket", r.resolve(CfnYaml.parseAny("!Sub '${Table}-${Bucket}'", "e"), "X"));
  }

  @Test
  void parameterValidation() {
    assertTrue(assertThrows(TemplateException.class, () -> resolver(Map.of("Stage", "qa"))).getMessage()
        .contains("AllowedValues"));
    assertTrue(assertThrows(TemplateException.class, () -> resolver(Map.of("Size", "big"))).getMessage()
        .contains("not a number"));
    assertTrue(assertThrows(TemplateException.class, () -> resolver(Map.of("Colour", "red"))).getMessage()
        .contains("'Colour'"));
    assertEquals("given", IntrinsicResolver.text(eval("!Ref NoDefault", Map.of("NoDefault", "given"))));
    assertFalse(resolver(Map.of()).parameterValues().containsKey("NoDefault"));
  }
}
