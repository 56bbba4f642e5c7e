package io.mjserverless.core.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.mjserverless.core.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * DynamoDB Local and s3proxy running in this JVM on random ports, with the project's tables and
 * bucket created and clients built by {@link AwsClients}. Tests get the one shared instance through
 * {@link LocalAwsExtension}; they isolate themselves by using unique ids, not separate tables.
 */
public final class LocalAws implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LocalAws.class.getName());
  public static final String ACCESS_KEY = "test";
  public static final String SECRET_KEY = "test";
  public static final Region REGION = Region.US_EAST_1;
  public static final String TASKS_TABLE = "mj-tasks";
  public static final String KEYS_TABLE = "mj-api-keys";
  public static final String IDEMPOTENCY_TABLE = "mj-idempotency";
  public static final String ACCOUNTS_TABLE = "mj-accounts";
  public static final String BUCKET = "mj-images";

  private final DynamoDBProxyServer dynamoServer;
  private final S3Proxy s3Proxy;
  private final URI endpointDynamo;
  private final URI endpointS3;
  private final DynamoDbClient dynamo;
  private final S3Client s3;
  private final S3Presigner presigner;
  private final Duration dynamoStartup;
  private final Duration s3Startup;
  private boolean closed;

  private LocalAws(DynamoDBProxyServer dynamoServer, URI endpointDynamo, Duration dynamoStartup,
      S3Proxy s3Proxy, URI endpointS3, Duration s3Startup) {
    this.dynamoServer = dynamoServer;
    this.endpointDynamo = endpointDynamo;
    this.dynamoStartup = dynamoStartup;
    this.s3Proxy = s3Proxy;
    this.endpointS3 = endpointS3;
    this.s3Startup = s3Startup;
    this.dynamo = new AwsClients(REGION, Optional.of(endpointDynamo)).dynamo();
    AwsClients s3Clients = new AwsClients(REGION, Optional.of(endpointS3));
    this.s3 = s3Clients.s3();
    this.presigner = s3Clients.presigner();
  }

  /** Starts both emulators, creates the tables and the bucket. Close it to stop them. */
  public static LocalAws start() {
    long t0 = System.nanoTime();
    int dynamoPort = freePort();
    DynamoDBProxyServer dynamoServer;
    try {
      dynamoServer = ServerRunner.createServerFromCommandLineArgs(new String[] {
          "-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry", "-sharedDb"});
      dynamoServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + dynamoPort, e);
    }
    long t1 = System.nanoTime();
    S3Proxy s3Proxy;
    try {
      s3Proxy = startS3Proxy();
    } catch (Exception e) {
      stopQuietly(dynamoServer);
      throw new IllegalStateException("s3proxy did not start", e);
    }
    long t2 = System.nanoTime();
    LocalAws aws = new LocalAws(dynamoServer, URI.create("http://127.0.0.1:" + dynamoPort), Duration.ofNanos(t1 - t0),
        s3Proxy, URI.create("http://127.0.0.1:" + s3Proxy.getPort()), Duration.ofNanos(t2 - t1));
    try {
      aws.createResources();
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
    long t3 = System.nanoTime();
    LOG.log(Level.INFO, "LocalAws ready: DynamoDB Local {0} in {1} ms, s3proxy {2} in {3} ms, tables and bucket in {4} ms",
        aws.endpointDynamo, aws.dynamoStartup.toMillis(), aws.endpointS3, aws.s3Startup.toMillis(),
        Duration.ofNanos(t3 - t2).toMillis());
    return aws;
  }

  private static S3Proxy startS3Proxy() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("transient-nio2", properties))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("s3proxy stuck in state " + proxy.getState());
      }
      Thread.sleep(2);
    }
    return proxy;
  }

  private void createResources() {
    dynamo.createTable(TableSchemas.tasks(TASKS_TABLE));
    dynamo.createTable(TableSchemas.apiKeys(KEYS_TABLE));
    dynamo.createTable(TableSchemas.idempotency(IDEMPOTENCY_TABLE));
    dynamo.createTable(TableSchemas.accounts(ACCOUNTS_TABLE));
    try (var waiter = dynamo.waiter()) {
      for (String table : new String[] {TASKS_TABLE, KEYS_TABLE, IDEMPOTENCY_TABLE, ACCOUNTS_TABLE}) {
        waiter.waitUntilTableExists(b -> b.tableName(table));
      }
    }
    dynamo.updateTimeToLive(TableSchemas.idempotencyTtl(IDEMPOTENCY_TABLE));
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public S3Client s3() {
    return s3;
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public URI endpointDynamo() {
    return endpointDynamo;
  }

  public URI endpointS3() {
    return endpointS3;
  }

  public String tasksTable() {
    return TASKS_TABLE;
  }

  public String keysTable() {
    return KEYS_TABLE;
  }

  public String idempotencyTable() {
    return IDEMPOTENCY_TABLE;
  }

  /** The shared accounts table; a test that lists or pools every account makes its own with {@link #newAccountsTable()}. */
  public String accountsTable() {
    return ACCOUNTS_TABLE;
  }

  /** A new, empty accounts table of its own (the pool sees every account of its table). */
  public String newAccountsTable() {
    String name = "mj-accounts-" + java.util.UUID.randomUUID();
    dynamo.createTable(TableSchemas.accounts(name));
    return name;
  }

  public String bucket() {
    return BUCKET;
  }

  /** The environment variables a function of the template needs to use these tables and this bucket. */
  public java.util.Map<String, String> environment() {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("TASKS_TABLE", tasksTable());
    env.put("KEYS_TABLE", keysTable());
    env.put("IDEMPOTENCY_TABLE", idempotencyTable());
    env.put("ACCOUNTS_TABLE", accountsTable());
    env.put("IMAGES_BUCKET", bucket());
    return env;
  }

  public Region region() {
    return REGION;
  }

  /** The credentials both emulators accept (s3proxy checks SigV4 signatures made with them). */
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** How long DynamoDB Local took to start in this JVM. */
  public Duration dynamoStartup() {
    return dynamoStartup;
  }

  /** How long s3proxy took to start in this JVM. */
  public Duration s3Startup() {
    return s3Startup;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    presigner.close();
    s3.close();
    dynamo.close();
    try {
      s3Proxy.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "s3proxy did not stop cleanly", e);
    }
    stopQuietly(dynamoServer);
    LOG.log(Level.INFO, "LocalAws stopped");
  }

  private static void stopQuietly(DynamoDBProxyServer server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "DynamoDB Local did not stop cleanly", e);
    }
  }
}
