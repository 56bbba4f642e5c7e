package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed views on small inline templates: Globals, S3 events, conditions, and the errors. */
class SamTemplateInlineTest {
  @TempDir
  Path dir;

  SamTemplate parse(String yaml) {
    return parse(yaml, Map.of());
  }

  SamTemplate parse(String yaml, Map<String, String> overrides) {
    return SamTemplate.parse(yaml, dir, overrides, StackContext.local("us-west-2", "stk"), new DefaultPhysicalNaming());
  }

  TemplateException error(String yaml) {
    return assertThrows(TemplateException.class, () -> parse(yaml));
  }

  static final String HEADER = """
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Mode: {Type: String, Default: FAST}
      Conditions:
        IsTurbo: !Equals [!Ref Mode, TURBO]
      Globals:
        Function:
          Runtime: java21
          CodeUri: build/app.jar
          Environment:
            Variables:
              SHARED: shared
              OVERRIDDEN: from-globals
              REMOVED: from-globals
              REGION: !Sub '${AWS::Region}'
      """;

  @Test
  void globalsAndFunctionEnvironmentMerge() {
    SamTemplate t = parse(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.example.Handler
              MemorySize: 512
              Environment:
                Variables:
                  OVERRIDDEN: from-function
                  REMOVED: !Ref AWS::NoValue
                  NUMBER: 42
                  DECIMAL: 0.50
                  FLAG: true
                  TURBO: !If [IsTurbo, yes-turbo, !Ref AWS::NoValue]
                  JOINED: !Join ['/', [!Ref Mode, !Select [0, !Split [',', 'p,q']]]]
        """);
    FunctionDef fn = t.functions().get("Fn");
    assertEquals("com.example.Handler", fn.handlerClass());
    assertEquals("handleRequest", fn.handlerMethod());
    assertEquals(dir.toAbsolutePath().normalize().resolve("build/app.jar"), fn.codeUri());
    assertEquals("java21", fn.runtime());
    assertEquals(512, fn.memorySize());
    assertEquals(3, fn.timeoutSeconds());
    assertEquals(Map.of("SHARED", "shared", "OVERRIDDEN", "from-function", "REGION", "us-west-2", "NUMBER", "42",
        "DECIMAL", "0.50", "FLAG", "true", "JOINED", "FAST/p"), fn.environment());
    assertEquals("yes-turbo", parse(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::run
              Environment: {Variables: {TURBO: !If [IsTurbo, yes-turbo, !Ref AWS::NoValue]}}
        """, Map.of("Mode", "TURBO")).functions().get("Fn").environment().get("TURBO"));
  }

  @Test
  void anIntrinsicVariablesMapReplacesTheGlobals() {
    SamTemplate t = parse(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::run
              Environment:
                Variables: !If [IsTurbo, {ONLY: turbo}, {ONLY: other}]
        """);
    assertEquals(Map.of("ONLY", "other"), t.functions().get("Fn").environment());
  }

  @Test
  void s3EventSource() {
    SamTemplate t = parse(HEADER + """
        Resources:
          ImagesBucket:
            Type: AWS::S3::Bucket
          Thumbnailer:
            Type: AWS::Serverless::Function
            Properties:
              Handler: io.example.Thumbs::handleRequest
              Events:
                Uploaded:
                  Type: S3
                  Properties:
                    Bucket: !Ref ImagesBucket
                    Events: s3:ObjectCreated:*
                    Filter:
                      S3Key:
                        Rules:
                          - Name: prefix
                            Value: uploads/
                          - {Name: suffix, Value: .png}
                Removed:
                  Type: S3
                  Properties:
                    Bucket: !Ref ImagesBucket
                    Events: [s3:ObjectRemoved:Delete]
                Nightly:
                  Type: Schedule
                  Properties: {Schedule: rate(1 day)}
        """);
    List<S3Trigger> triggers = t.functions().get("Thumbnailer").s3Triggers();
    assertEquals(List.of(
        new S3Trigger("Thumbnailer", "Uploaded", "ImagesBucket", "stk-images-bucket", List.of("s3:ObjectCreated:*"),
            "uploads/", ".png"),
        new S3Trigger("Thumbnailer", "Removed", "ImagesBucket", "stk-images-bucket", List.of("s3:ObjectRemoved:Delete"),
            null, null)), triggers);
    assertEquals(triggers, t.s3Triggers());
    S3Trigger uploaded = triggers.get(0);
    assertTrue(uploaded.matches("ObjectCreated:Put", "uploads/a.png"));
    assertTrue(uploaded.matches("s3:ObjectCreated:CompleteMultipartUpload", "uploads/b/c.png"));
    assertFalse(uploaded.matches("ObjectCreated:Put", "other/a.png"));
    assertFalse(uploaded.matches("ObjectCreated:Put", "uploads/a.jpg"));
    assertFalse(uploaded.matches("ObjectRemoved:Delete", "uploads/a.png"));
    assertTrue(triggers.get(1).matches("ObjectRemoved:Delete", "anything"));
    assertFalse(triggers.get(1).matches("ObjectRemoved:DeleteMarkerCreated", "anything"));
    assertTrue(t.functions().get("Thumbnailer").httpRoutes().isEmpty());
  }

  @Test
  void s3EventsThroughEventBridgeAreRejected() {
    TemplateException e = error(HEADER + """
        Resources:
          ImagesBucket:
            Type: AWS::S3::Bucket
            Properties:
              NotificationConfiguration: {EventBridgeConfiguration: {EventBridgeEnabled: true}}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::run
              Events:
                Uploaded:
                  Type: EventBridgeRule
                  Properties:
                    Pattern:
                      source: [aws.s3]
                      detail-type: [Object Created]
                      detail: {bucket: {name: [!Ref ImagesBucket]}, object: {key: [{prefix: uploads/}]}}
        """);
    assertTrue(e.getMessage().startsWith("Resources.Fn.Properties.Events.Uploaded: "), e.getMessage());
    assertTrue(e.getMessage().contains("EventBridge"), e.getMessage());
    assertTrue(e.getMessage().contains("Type S3"), e.getMessage());
  }

  @Test
  void s3EventNeedsABucketOfTheTemplate() {
    TemplateException e = error(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::run
              Events:
                Uploaded: {Type: S3, Properties: {Bucket: !Ref Elsewhere, Events: 's3:ObjectCreated:*'}}
        """);
    assertTrue(e.getMessage().startsWith("Resources.Fn.Properties.Events.Uploaded.Properties.Bucket: "), e.getMessage());
    assertTrue(e.getMessage().contains("'Elsewhere'"), e.getMessage());
  }

  @Test
  void unresolvableRefInTheEnvironmentNamesResourcePathAndIntrinsic() {
    TemplateException e = error(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::run
              Environment:
                Variables:
                  TABLE: !Ref MissingTable
        """);
    assertEquals("Resources.Fn.Properties.Environment.Variables.TABLE: !Ref MissingTable: "
        + "no parameter, pseudo parameter or resource named 'MissingTable'", e.getMessage());
    TemplateException fromGlobals = error("""
        Globals:
          Function:
            CodeUri: x.jar
            Environment: {Variables: {BAD: !GetAtt Nope.Arn}}
        Resources:
          Fn: {Type: AWS::Serverless::Function, Properties: {Handler: a.B::run}}
        """);
    assertTrue(fromGlobals.getMessage().startsWith("Globals.Function.Environment.Variables.BAD: !GetAtt Nope.Arn: "),
        fromGlobals.getMessage());
  }

  @Test
  void definitionWithALeftoverPlaceholderNamesIt() throws IOException {
    Files.createDirectories(dir.resolve("sm"));
    Files.writeString(dir.resolve("sm/flow.asl.json"), """
        {"StartAt": "A", "States": {
          "A": {"Type": "Task", "Resource": "${WorkArn}", "Next": "B"},
          "B": {"Type": "Task", "Resource": "${MissingArn}", "Next": "C"},
          "C": {"Type": "Task", "Resource": "${AlsoMissing}", "End": true}}}
        """);
    SamTemplate t = parse(HEADER + """
        Resources:
          Work:
            Type: AWS::Serverless::Function
            Properties: {Handler: a.B::run, AutoPublishAlias: live}
          Flow:
            Type: AWS::Serverless::StateMachine
            Properties:
              Type: EXPRESS
              DefinitionUri: sm/flow.asl.json
              DefinitionSubstitutions:
                WorkArn: !GetAtt Work.Arn
                Dropped: !If [IsTurbo, x, !Ref AWS::NoValue]
        """);
    StateMachineDef flow = t.stateMachines().get("Flow");
    assertEquals("EXPRESS", flow.type());
    assertEquals(Map.of("WorkArn", "arn:aws:lambda:us-west-2:000000000000:function:Work"), flow.substitutions());
    TemplateException e = assertThrows(TemplateException.class, flow::definitionText);
    assertTrue(e.getMessage().contains("${AlsoMissing}, ${MissingArn}"), e.getMessage());
    assertTrue(e.getMessage().startsWith("Resources.Flow: "), e.getMessage());

    StateMachineDef complete = new StateMachineDef("Flow", flow.definitionFile(),
        Map.of("WorkArn", "w", "MissingArn", "m$1", "AlsoMissing", "a"), "EXPRESS");
    String text = complete.definitionText();
    assertTrue(text.contains("\"Resource\": \"w\"") && text.contains("\"Resource\": \"m$1\""), text);
    assertFalse(text.contains("${"));
  }

  @Test
  void falseConditionLeavesResourcesOut() {
    String yaml = HEADER + """
        Resources:
          TurboTable:
            Type: AWS::DynamoDB::Table
            Condition: IsTurbo
            Properties:
              AttributeDefinitions: [{AttributeName: k, AttributeType: S}]
              KeySchema: [{AttributeName: k, KeyType: HASH}]
          TurboFn:
            Type: AWS::Serverless::Function
            Condition: IsTurbo
            Properties: {Handler: a.B::run, Events: {Get: {Type: HttpApi, Properties: {Path: /t, Method: get}}}}
        Outputs:
          Table:
            Condition: IsTurbo
            Value: !Ref TurboTable
          Name:
            Value: !Ref TurboTable
        """;
    SamTemplate fast = parse(yaml);
    assertTrue(fast.tables().isEmpty());
    assertTrue(fast.functions().isEmpty());
    assertTrue(fast.httpRoutes().isEmpty());
    assertFalse(fast.outputs().containsKey("Table"));
    OutputDef name = fast.outputs().get("Name");
    assertFalse(name.resolved());
    assertNull(name.value());
    assertTrue(name.error().contains("condition IsTurbo is false"), name.error());
    assertEquals(2, fast.resources().size());

    SamTemplate turbo = parse(yaml, Map.of("Mode", "TURBO"));
    assertEquals("stk-turbo-table", turbo.tables().get("TurboTable").tableName());
    assertEquals("stk-turbo-table", turbo.outputs().get("Table").value());
    assertEquals(List.of(new HttpRoute("GET", "/t", "TurboFn")), turbo.httpRoutes());
    assertTrue(turbo.match("GET", "/x").isEmpty(), "no $default route");
  }

  @Test
  void httpApiDefaultRouteAndCorsFromGlobals() {
    SamTemplate t = parse("""
        Globals:
          Function: {CodeUri: a.jar}
          HttpApi:
            CorsConfiguration: {AllowOrigins: [https://example.com], AllowMethods: [GET], AllowCredentials: true}
        Resources:
          Api: {Type: AWS::Serverless::HttpApi}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::run
              Events:
                Catch: {Type: HttpApi, Properties: {ApiId: !Ref Api}}
                Bare: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: any, Path: '/{proxy+}'}}
        """);
    assertEquals(List.of(new HttpRoute("ANY", "$default", "Fn"), new HttpRoute("ANY", "/{proxy+}", "Fn")), t.httpRoutes());
    CorsDef cors = t.cors().orElseThrow();
    assertEquals(List.of("https://example.com"), cors.allowOrigins());
    assertEquals(List.of(), cors.allowHeaders());
    assertNull(cors.maxAge());
    assertTrue(cors.allowCredentials());
  }

  @Test
  void unsupportedShapesAreErrors() {
    assertTrue(error(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Handler: a.B::run, Events: {Get: {Type: Api, Properties: {Path: /x, Method: get}}}}
        """).getMessage().contains("Type Api (REST API)"));
    assertTrue(error(HEADER + """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Handler: a.B::run, Events: {Get: {Type: HttpApi, Properties: {Path: /x}}}}
        """).getMessage().contains("both Method and Path, or neither"));
    assertTrue(error("""
        Resources:
          Fn: {Type: AWS::Serverless::Function, Properties: {Handler: a.B::run}}
        """).getMessage().startsWith("Resources.Fn.Properties.CodeUri: missing"));
    assertTrue(error(HEADER + """
        Resources:
          Fn: {Type: AWS::Serverless::Function, Properties: {Handler: a.B::run, CodeUri: 's3://b/k.jar'}}
        """).getMessage().contains("only a local path"));
    assertTrue(error(HEADER + """
        Resources:
          T:
            Type: AWS::DynamoDB::Table
            Properties:
              AttributeDefinitions: [{AttributeName: k, AttributeType: S}]
              KeySchema: [{AttributeName: other, KeyType: HASH}]
        """).getMessage().contains("'other' is not in AttributeDefinitions"));
    assertTrue(error(HEADER + """
        Resources:
          M: {Type: AWS::Serverless::StateMachine, Properties: {Definition: {StartAt: A}}}
        """).getMessage().contains("not an inline Definition"));
  }

  @Test
  void simpleTableAndGenericResources() {
    SamTemplate t = parse("""
        Resources:
          Simple:
            Type: AWS::Serverless::SimpleTable
            Properties: {PrimaryKey: {Name: pk, Type: Number}, TableName: fixed-name}
          Queue: {Type: AWS::SQS::Queue}
          Custom: {Type: Custom::Thing, Properties: {Anything: !ImportValue elsewhere}}
        Outputs:
          QueueUrl: {Value: !Ref Queue}
          QueueArn: {Value: !GetAtt Queue.Arn}
          Custom: {Value: !Ref Custom, Description: !Sub 'in ${AWS::Region}'}
        """);
    assertEquals(new TableDef("Simple", "fixed-name", "pk", null, Map.of("pk", "N"), List.of(), null, "PAY_PER_REQUEST"),
        t.tables().get("Simple"));
    assertEquals("Custom::Thing", t.resources().get("Custom").type());
    assertEquals("https://sqs.us-west-2.amazonaws.com/000000000000/stk-Queue", t.outputs().get("QueueUrl").value());
    assertEquals("arn:aws:sqs:us-west-2:000000000000:stk-Queue", t.outputs().get("QueueArn").value());
    assertEquals("in us-west-2", t.outputs().get("Custom").description());
    assertTrue(t.outputs().get("Custom").error().startsWith("Outputs.Custom.Value: !Ref Custom: "),
        t.outputs().get("Custom").error());
  }
}
