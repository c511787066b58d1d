/**
 * The part of @aws-sdk/client-cloudwatch-logs yolo uses: the client and the commands it sends.
 * yolo imports the SDK only through these modules, so the built CLI bundles and loads these and
 * nothing else of the service (docs/decisions.md); test/aws/sdk-modules.test.ts fails when one
 * is missing.
 */
export {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteResourcePolicyCommand,
  DescribeLogGroupsCommand,
  DescribeResourcePoliciesCommand,
  ListTagsForResourceCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
