/**
 * An in-process executor of the Amazon States Language (JSONPath dialect), so that the local runtime
 * runs the very {@code statemachine/task.asl.json} that Step Functions runs, without Docker or AWS.
 *
 * <p>Entry point: {@link io.mjserverless.local.asl.AslExecutor}; Task states call a
 * {@link io.mjserverless.local.asl.TaskInvoker}.
 *
 * <h2>Supported</h2>
 * <ul>
 *   <li>States: Task, Pass, Wait, Choice, Succeed, Fail.</li>
 *   <li>Task: any Resource string (handed to the invoker as it is); {@code arn:aws:states:::lambda:invoke}
 *       with Parameters FunctionName and Payload (the invoker gets the function name and the payload; the
 *       result is wrapped as {"StatusCode":200,"Payload":...}); TimeoutSeconds / TimeoutSecondsPath
 *       (States.Timeout); Retry (ErrorEquals with States.ALL and States.TaskFailed, IntervalSeconds,
 *       MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy FULL/NONE); Catch (ErrorEquals,
 *       ResultPath, Next; error output {"Error","Cause"}).</li>
 *   <li>The callback pattern: {@code arn:aws:states:::lambda:invoke.waitForTaskToken} hands the function
 *       {@code $$.Task.Token} (a new token per attempt) and waits for {@code sendTaskSuccess} (its output is
 *       the result, not wrapped), {@code sendTaskFailure} (an error for Retry and Catch) or
 *       {@code sendTaskHeartbeat}, which the local Step Functions endpoint serves over the AWS JSON
 *       protocol; a token may come back while its function still runs. TimeoutSeconds (States.Timeout)
 *       and HeartbeatSeconds / HeartbeatSecondsPath (States.HeartbeatTimeout) count from the attempt's
 *       start as waiting time, scaled like a Wait (due at once at time scale 0). A waiting Task is
 *       persisted with its token and clocks and waits on after a restart.</li>
 *   <li>Wait: Seconds, SecondsPath, Timestamp, TimestampPath.</li>
 *   <li>Choice: every comparison operator and its ...Path form, StringMatches, the Is... type tests,
 *       And, Or, Not, Default.</li>
 *   <li>Fail: Error, Cause, ErrorPath, CausePath (paths or intrinsic functions).</li>
 *   <li>InputPath, Parameters, ResultSelector, ResultPath (null = discard the result; missing objects on
 *       the way are created), OutputPath; the context object ($$.Execution.Id/Name/Input/StartTime/
 *       RoleArn/RedriveCount, $$.State.Name/EnteredTime/RetryCount, $$.StateMachine.Id/Name); all 18
 *       intrinsic functions (States.Format, StringToJson, JsonToString, Array, ArrayPartition,
 *       ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique, Base64Encode, Base64Decode,
 *       Hash, JsonMerge, MathRandom, MathAdd, StringSplit, UUID).</li>
 *   <li>The state machine's TimeoutSeconds (TIMED_OUT).</li>
 *   <li>JSONPath: {@code $}, {@code $$}, {@code .name}, {@code ['name']}, {@code [index]}.</li>
 * </ul>
 *
 * <h2>Refused when the definition is loaded</h2>
 * Map and Parallel states; QueryLanguage JSONata and the JSONata fields (Arguments, Output, Condition,
 * Items); variables (Assign); HeartbeatSeconds outside lambda:invoke.waitForTaskToken, Credentials and
 * other fields a state type does not define; other {@code .waitForTaskToken} resources and lambda:invoke
 * parameters other than FunctionName and Payload; JSONPath wildcards, recursive descent, filters, slices and negative indexes; unknown
 * intrinsic functions; transitions to missing states and unreachable states.
 *
 * <h2>Not emulated</h2>
 * The 256 KiB payload limit (States.DataLimitExceeded), the 25,000-event history limit, redrive,
 * versions and aliases, and Express workflow semantics. Execution names are refused when reused, also
 * while running with the same input (Step Functions would return the running execution then).
 */
package io.mjserverless.local.asl;
