package io.mjserverless.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.local.template.BucketCorsRule;
import io.mjserverless.local.template.BucketDef;
import io.mjserverless.local.template.DefaultPhysicalNaming;
import io.mjserverless.local.template.SamTemplate;
import io.mjserverless.local.template.StackContext;
import io.mjserverless.local.template.TemplateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bucket's CorsConfiguration as the template reader reads it and as s3proxy is told it. */
class BucketCorsPolicyTest {
  @TempDir
  Path dir;

  @Test
  void theTemplatesImagesBucketRuleLetsAnyOriginReadWithGetAndHead() {
    SamTemplate template = SamTemplate.load(Path.of("../template.yaml"), Map.of(), "us-east-1", "mj-local");
    BucketDef bucket = template.buckets().get("ImagesBucket");
    assertEquals(1, bucket.corsRules().size());
    BucketCorsRule rule = bucket.corsRules().get(0);
    assertEquals(List.of("*"), rule.allowedOrigins());
    assertTrue(rule.allowedMethods().containsAll(List.of("GET", "HEAD", "PUT")), rule.toString());
    assertEquals(List.of("*"), rule.allowedHeaders());

    CrossOriginResourceSharing policy = BucketCorsPolicy.of(template.buckets().values());
    assertTrue(policy.isOriginAllowed("http://127.0.0.1:1002"));
    assertEquals("*", policy.getAllowedOrigin("http://127.0.0.1:1002"));
    assertTrue(policy.isMethodAllowed("GET") && policy.isMethodAllowed("HEAD"));
    assertFalse(policy.isMethodAllowed("DELETE"));
    assertTrue(policy.isEveryHeaderAllowed("range, x-anything"));
  }

  @Test
  void namedOriginsAreLiteralButForOneWildcard() {
    SamTemplate template = parse("""
        Resources:
          Pictures:
            Type: AWS::S3::Bucket
            Properties:
              CorsConfiguration:
                CorsRules:
                  - AllowedOrigins: ['https://app.example.com', 'http://*.example.org']
                    AllowedMethods: [get]
                    AllowedHeaders: [Range]
                    ExposedHeaders: [ETag]
                    MaxAge: 600
        """);
    BucketCorsRule rule = template.buckets().get("Pictures").corsRules().get(0);
    assertEquals(List.of("GET"), rule.allowedMethods());
    assertEquals(600, rule.maxAge());
    CrossOriginResourceSharing policy = BucketCorsPolicy.of(template.buckets().values());
    assertTrue(policy.isOriginAllowed("https://app.example.com"));
    assertEquals("https://app.example.com", policy.getAllowedOrigin("https://app.example.com"), "a named origin is echoed");
    assertFalse(policy.isOriginAllowed("https://appXexample.com"), "a dot is a dot");
    assertFalse(policy.isOriginAllowed("https://app.example.com.evil.test"));
    assertTrue(policy.isOriginAllowed("http://ui.example.org"));
    assertFalse(policy.isOriginAllowed("http://127.0.0.1:1002"));
    assertTrue(policy.isEveryHeaderAllowed("range"));
    assertFalse(policy.isEveryHeaderAllowed("range, authorization"));
    assertTrue(policy.isAllowCredentials(), "S3 sends credentials for a named origin");
  }

  @Test
  void aBucketWithoutRulesSendsNoCorsHeaders() {
    SamTemplate template = parse("""
        Resources:
          Pictures:
            Type: AWS::S3::Bucket
        """);
    assertEquals(List.of(), template.buckets().get("Pictures").corsRules());
    assertFalse(BucketCorsPolicy.of(template.buckets().values()).isEnabled());
  }

  @Test
  void aRuleWithoutOriginsOrMethodsIsRefusedNamingIt() {
    TemplateException e = assertThrows(TemplateException.class, () -> parse("""
        Resources:
          Pictures:
            Type: AWS::S3::Bucket
            Properties:
              CorsConfiguration:
                CorsRules:
                  - AllowedOrigins: ['*']
        """));
    assertTrue(e.getMessage().contains("Resources.Pictures.Properties.CorsConfiguration.CorsRules[0]"), e.getMessage());
  }

  private SamTemplate parse(String yaml) {
    return SamTemplate.parse(yaml, dir, Map.of(), StackContext.local("us-east-1", "stk"), new DefaultPhysicalNaming());
  }
}
