package io.mjserverless.local.runtime;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.mjserverless.local.template.SamTemplate;
import io.mjserverless.local.template.TableDef;
import io.mjserverless.local.template.BucketDef;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.BlobStores;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * The template's tables and buckets on this machine: DynamoDB Local (SQLite files) and s3proxy (a
 * filesystem store), both in this JVM and both kept under the data directory, so tasks, keys and
 * images survive a restart. Tables and buckets are created from the template when missing.
 */
public final class LocalStores implements AutoCloseable {
  public static final String ACCESS_KEY = "test";
  public static final String SECRET_KEY = "test";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  private final DynamoDBProxyServer dynamoServer;
  private final ThreadGroup dynamoThreads;
  private final S3Proxy s3Proxy;
  private final URI dynamoEndpoint;
  private final URI s3Endpoint;

  private LocalStores(DynamoDBProxyServer dynamoServer, ThreadGroup dynamoThreads, S3Proxy s3Proxy, URI dynamoEndpoint,
      URI s3Endpoint) {
    this.dynamoServer = dynamoServer;
    this.dynamoThreads = dynamoThreads;
    this.s3Proxy = s3Proxy;
    this.dynamoEndpoint = dynamoEndpoint;
    this.s3Endpoint = s3Endpoint;
  }

  /**
   * Starts DynamoDB Local and s3proxy and creates the template's missing tables and buckets; when any
   * of that fails, whatever had started is stopped before the failure is thrown.
   */
  public static LocalStores start(Path dataDir, SamTemplate template, Region region) throws Exception {
    Path dynamoDir = directory(dataDir.resolve("dynamodb"));
    // s3proxy's filesystem store breaks multipart uploads with a relative path: always absolute.
    Path s3Dir = directory(dataDir.resolve("s3"));
    int dynamoPort = freePort();
    DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(new String[] {
        "-dbPath", dynamoDir.toString(), "-sharedDb", "-port", String.valueOf(dynamoPort), "-disableTelemetry"});
    // Every thread DynamoDB Local makes (its Jetty's and, through them, its job pools') is in this group,
    // so that close() can end the ones its stop() leaves behind.
    ThreadGroup dynamoThreads = new ThreadGroup("dynamodb-local");
    S3Proxy proxy = null;
    try {
      startIn(dynamoThreads, dynamo);
      Properties props = new Properties();
      props.setProperty("jclouds.identity", ACCESS_KEY);
      props.setProperty("jclouds.credential", SECRET_KEY);
      props.setProperty("jclouds.filesystem.basedir", s3Dir.toString());
      proxy = S3Proxy.builder()
          .blobStore(BlobStores.create("filesystem-nio2", props))
          .endpoint(URI.create("http://127.0.0.1:" + freePort()))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          // The bucket's CorsConfiguration, so browsers may read image links as they may in AWS.
          .corsRules(BucketCorsPolicy.of(template.buckets().values()))
          .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        if ("FAILED".equals(proxy.getState())) {
          throw new IllegalStateException("s3proxy failed to start");
        }
        Thread.sleep(5);
      }
      LocalStores stores = new LocalStores(dynamo, dynamoThreads, proxy, URI.create("http://127.0.0.1:" + dynamoPort),
          URI.create("http://127.0.0.1:" + proxy.getPort()));
      stores.createMissing(template, region);
      return stores;
    } catch (Exception | Error e) {
      try {
        if (proxy != null) {
          proxy.stop();
        }
      } catch (Exception stop) {
        e.addSuppressed(stop);
      } finally {
        try {
          stopDynamo(dynamo, dynamoThreads);
        } catch (Exception stop) {
          e.addSuppressed(stop);
        }
      }
      throw e;
    }
  }

  private static void startIn(ThreadGroup group, DynamoDBProxyServer dynamo) throws Exception {
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread starter = new Thread(group, () -> {
      try {
        dynamo.start();
      } catch (Exception e) {
        failure.set(e);
      }
    }, "dynamodb-local-start");
    starter.start();
    starter.join();
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /**
   * Stops DynamoDB Local. Its stop() shuts its job pool down without interrupting it, and the stream
   * shard rollover job sleeps for minutes in a non-daemon thread, which kept a failed {@code serve}
   * alive: the interrupt ends that sleep, and the job and its thread with it.
   */
  private static void stopDynamo(DynamoDBProxyServer dynamo, ThreadGroup threads) throws Exception {
    try {
      dynamo.stop();
    } finally {
      threads.interrupt();
    }
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir).toAbsolutePath();
    } catch (IOException e) {
      throw StartFailure.dataDirectory("the directory " + dir, e);
    }
  }

  public URI dynamoEndpoint() {
    return dynamoEndpoint;
  }

  public URI s3Endpoint() {
    return s3Endpoint;
  }

  public DynamoDbClient dynamo(Region region) {
    return DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(region).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  public S3Client s3(Region region) {
    return S3Client.builder().endpointOverride(s3Endpoint).region(region).credentialsProvider(CREDENTIALS)
        .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new io.mjserverless.core.aws.NoExpectContinue())).build();
  }

  private void createMissing(SamTemplate template, Region region) {
    try (DynamoDbClient ddb = dynamo(region); S3Client s3 = s3(region)) {
      List<String> existing = ddb.listTables().tableNames();
      for (TableDef table : template.tables().values()) {
        if (!existing.contains(table.tableName())) {
          ddb.createTable(createRequest(table));
          if (table.ttlAttribute() != null) {
            ddb.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(table.tableName())
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(table.ttlAttribute()).enabled(true).build())
                .build());
          }
        } else {
          addMissingIndexes(ddb, table);
        }
      }
      for (BucketDef bucket : template.buckets().values()) {
        try {
          s3.createBucket(CreateBucketRequest.builder().bucket(bucket.bucketName()).build());
        } catch (BucketAlreadyOwnedByYouException e) {
          // kept from an earlier run
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
          if (e.statusCode() != 409) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * A table kept from an earlier run gets the indexes the template added since (one per UpdateTable, as
   * DynamoDB allows); its older items join an index when they are written again.
   */
  private static void addMissingIndexes(DynamoDbClient ddb, TableDef table) {
    var described = ddb.describeTable(b -> b.tableName(table.tableName())).table();
    List<String> present = described.hasGlobalSecondaryIndexes()
        ? described.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList() : List.of();
    CreateTableRequest wanted = createRequest(table);
    for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
      if (!present.contains(index.indexName())) {
        ddb.updateTable(b -> b.tableName(table.tableName()).attributeDefinitions(wanted.attributeDefinitions())
            .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName()).keySchema(index.keySchema())
                .projection(index.projection()))));
      }
    }
  }

  static CreateTableRequest createRequest(TableDef table) {
    List<KeySchemaElement> keys = keys(table.hashKey(), table.rangeKey());
    List<AttributeDefinition> attributes = new ArrayList<>();
    table.attributeTypes().forEach((name, type) -> attributes.add(
        AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.fromValue(type)).build()));
    CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(table.tableName())
        .keySchema(keys).attributeDefinitions(attributes).billingMode(BillingMode.PAY_PER_REQUEST);
    if (!table.globalIndexes().isEmpty()) {
      b.globalSecondaryIndexes(table.globalIndexes().stream().map(i -> GlobalSecondaryIndex.builder()
          .indexName(i.name()).keySchema(keys(i.hashKey(), i.rangeKey()))
          .projection(Projection.builder().projectionType(ProjectionType.fromValue(i.projectionType())).build())
          .build()).toList());
    }
    return b.build();
  }

  private static List<KeySchemaElement> keys(String hash, String range) {
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build());
    if (range != null) {
      keys.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
    }
    return keys;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      s3Proxy.stop();
    } finally {
      stopDynamo(dynamoServer, dynamoThreads);
    }
  }
}
