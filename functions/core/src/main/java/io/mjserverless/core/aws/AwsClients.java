package io.mjserverless.core.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the SDK clients the functions use, all on the URL-connection HTTP client. With an endpoint
 * override (DynamoDB Local, s3proxy, a local runtime) the clients talk to that endpoint with the
 * static credentials test/test and S3 uses path-style addresses; without one they use the default
 * credential chain.
 *
 * <p>One instance per container (its composition root) and one client per service per instance: each
 * accessor builds its client at the first call and answers the same one after, so every store and engine
 * of a function shares one connection pool and one set of loaded marshallers. SSM is built only when a
 * function reads a parameter. {@link #builds()} counts what was built, so a test can see that a
 * composition root asks for no second client.
 */
public final class AwsClients {
  public static final Region DEFAULT_REGION = Region.US_EAST_1;
  private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private static final DryRun DRY_RUN = new DryRun(true); // every client here is on DryRunHttpClient

  private final Region region;
  private final Optional<URI> endpoint;
  private final java.util.Map<String, URI> serviceEndpoints;
  private final java.util.concurrent.ConcurrentHashMap<String, Object> built = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, Integer> buildCounts = new java.util.concurrent.ConcurrentHashMap<>();

  /** Region from {@code AWS_REGION} (us-east-1 when unset). */
  public AwsClients(Optional<URI> endpoint) {
    this(regionFromEnvironment(), endpoint);
  }

  public AwsClients(Region region, Optional<URI> endpoint) {
    this(region, endpoint, java.util.Map.of());
  }

  /**
   * @param serviceEndpoints per-service overrides by service id ({@code dynamodb}, {@code s3},
   *     {@code sfn}, {@code ssm}), as {@code AWS_ENDPOINT_URL_<SERVICE>} sets them; they win over {@code endpoint}
   */
  public AwsClients(Region region, Optional<URI> endpoint, java.util.Map<String, URI> serviceEndpoints) {
    this.region = Objects.requireNonNull(region, "region");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.serviceEndpoints = java.util.Map.copyOf(serviceEndpoints);
  }

  /** The clients a function's configuration asks for (region and endpoints from its environment). */
  public static AwsClients from(io.mjserverless.core.config.Config config) {
    return new AwsClients(Region.of(config.region()), config.awsEndpoint(), config.serviceEndpoints());
  }

  private Optional<URI> endpointOf(String service) {
    return Optional.ofNullable(serviceEndpoints.get(service)).or(() -> endpoint);
  }

  public static Region regionFromEnvironment() {
    String name = System.getenv("AWS_REGION");
    return name == null || name.isBlank() ? DEFAULT_REGION : Region.of(name.trim());
  }

  public Region region() {
    return region;
  }

  public Optional<URI> endpoint() {
    return endpoint;
  }

  public DynamoDbClient dynamo() {
    return shared("dynamodb", () -> configure(DynamoDbClient.builder(), "dynamodb").build());
  }

  public S3Client s3() {
    return shared("s3", () -> configure(S3Client.builder(), "s3").forcePathStyle(endpointOf("s3").isPresent())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new NoExpectContinue()).addExecutionInterceptor(DRY_RUN))
        .build());
  }

  public S3Presigner presigner() {
    return shared("s3presigner", () -> {
      S3Presigner.Builder builder = S3Presigner.builder().region(region);
      endpointOf("s3").ifPresent(uri -> builder.endpointOverride(uri)
          .credentialsProvider(LOCAL_CREDENTIALS)
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
      return builder.build();
    });
  }

  public SfnClient sfn() {
    return shared("sfn", () -> configure(SfnClient.builder(), "sfn").build());
  }

  public SsmClient ssm() {
    return shared("ssm", () -> configure(SsmClient.builder(), "ssm").build());
  }

  /** KMS, for the Discord account tokens (built only by the functions that seal or open one). */
  public software.amazon.awssdk.services.kms.KmsClient kms() {
    return shared("kms", () -> configure(software.amazon.awssdk.services.kms.KmsClient.builder(), "kms").build());
  }

  /** How many clients each service has had built by this instance (dynamodb, s3, s3presigner, sfn, ssm). */
  public java.util.Map<String, Integer> builds() {
    return java.util.Map.copyOf(buildCounts);
  }

  @SuppressWarnings("unchecked")
  private <T> T shared(String service, java.util.function.Supplier<T> make) {
    return (T) built.computeIfAbsent(service, s -> {
      buildCounts.merge(s, 1, Integer::sum);
      return make.get();
    });
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
    // A builder, not an instance, so that closing the service client closes its HTTP client too.
    // The URL-connection client, wrapped so that dry runs (priming) are answered in-process.
    builder.region(region).httpClientBuilder(DryRunHttpClient.builder());
    // Every client stops dry runs (priming); S3 sets its interceptors itself, as a second override would replace the first.
    if (!service.equals("s3")) {
      builder.overrideConfiguration(c -> c.addExecutionInterceptor(DRY_RUN));
    }
    endpointOf(service).ifPresent(uri -> builder.endpointOverride(uri).credentialsProvider(LOCAL_CREDENTIALS));
    return builder;
  }
}
