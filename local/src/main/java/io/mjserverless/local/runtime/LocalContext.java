package io.mjserverless.local.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What Lambda hands a handler about its invocation, for a local one: a fresh request id (so the log
 * lines of one invocation can be told from another's, as in CloudWatch), the function's name and ARN,
 * its memory and timeout.
 */
final class LocalContext implements Context {
  private final String requestId = UUID.randomUUID().toString();
  private final String functionName;
  private final String functionArn;
  private final int memoryMb;
  private final long deadlineMillis;

  LocalContext(String functionName, String functionArn, int memoryMb, int timeoutSeconds) {
    this.functionName = functionName;
    this.functionArn = functionArn;
    this.memoryMb = memoryMb;
    this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return functionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.println(message);
      }

      @Override
      public void log(byte[] message) {
        System.out.println(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
