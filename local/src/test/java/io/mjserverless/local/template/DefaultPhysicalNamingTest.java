package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultPhysicalNamingTest {
  @ParameterizedTest
  @CsvSource({
      "TasksTable, tasks-table",
      "IdempotencyTable, idempotency-table",
      "MjHttpApi, mj-http-api",
      "MjHTTPApi, mj-http-api",
      "S3Bucket, s3-bucket",
      "Images2Bucket, images2-bucket",
      "table, table",
  })
  void kebab(String logicalId, String expected) {
    assertEquals(expected, DefaultPhysicalNaming.kebab(logicalId));
  }

  @ParameterizedTest
  @CsvSource({
      "My_Stack-images-bucket, my-stack-images-bucket",
      "-Odd.Name-, odd.name",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  })
  void bucketSafe(String name, String expected) {
    assertEquals(expected, DefaultPhysicalNaming.bucketSafe(name));
  }
}
