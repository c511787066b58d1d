/**
 * The part of @aws-sdk/client-ivs-realtime yolo uses: the client and the commands it sends.
 * yolo imports the SDK only through these modules, so the built CLI bundles and loads these and
 * nothing else of the service (docs/decisions.md); test/aws/sdk-modules.test.ts fails when one
 * is missing.
 */
export {
  CreateEncoderConfigurationCommand,
  CreateStorageConfigurationCommand,
  DeleteEncoderConfigurationCommand,
  DeleteStorageConfigurationCommand,
  GetCompositionCommand,
  GetEncoderConfigurationCommand,
  IVSRealTimeClient,
  ListCompositionsCommand,
  ListEncoderConfigurationsCommand,
  ListStorageConfigurationsCommand,
  ListTagsForResourceCommand,
  StopCompositionCommand,
  TagResourceCommand,
} from "@aws-sdk/client-ivs-realtime";
