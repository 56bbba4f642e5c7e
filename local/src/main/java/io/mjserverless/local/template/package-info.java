/**
 * Reads the project's SAM template for the local runtime, so local and cloud cannot drift apart.
 *
 * <ul>
 *   <li>{@link io.mjserverless.local.template.CfnYaml}: YAML with the CloudFormation short-form tags
 *       and long forms into a tree with explicit {@link io.mjserverless.local.template.Intrinsic} nodes;
 *   <li>{@link io.mjserverless.local.template.IntrinsicResolver}: evaluates intrinsics with parameters,
 *       pseudo parameters, conditions, mappings and resource names from a pluggable
 *       {@link io.mjserverless.local.template.PhysicalNaming}
 *       ({@link io.mjserverless.local.template.DefaultPhysicalNaming} documents the local names);
 *   <li>{@link io.mjserverless.local.template.SamTemplate}: the typed, resolved view — functions,
 *       HTTP routes and API Gateway route selection ({@link io.mjserverless.local.template.RouteTable}),
 *       CORS, tables, buckets, state machines, S3 triggers, outputs.
 * </ul>
 *
 * <p>Every failure is a {@link io.mjserverless.local.template.TemplateException} naming the template
 * path of the value and the intrinsic that failed.
 */
package io.mjserverless.local.template;
