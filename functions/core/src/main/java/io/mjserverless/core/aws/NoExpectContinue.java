package io.mjserverless.core.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops the {@code Expect: 100-continue} header the SDK adds to S3 uploads. With the JDK's
 * URLConnection client, a PUT that meets a keep-alive connection the server has closed (a frozen
 * Lambda container, s3proxy's idle timeout) fails while waiting for the 100 answer with an
 * UncheckedIOException that bypasses the SDK's retries ("Unexpected end of file from server").
 * Without the header the same failure is an ordinary I/O error the SDK retries. Our uploads are
 * images of a few MB at most, where 100-continue saves nothing.
 */
public final class NoExpectContinue implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    return request.firstMatchingHeader("Expect").isPresent() ? request.toBuilder().removeHeader("Expect").build() : request;
  }
}
