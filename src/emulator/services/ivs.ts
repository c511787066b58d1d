/**
 * The emulated Amazon IVS real-time API (REST-JSON, signing name `ivs`): storage and encoder
 * configurations, tags, and stages and compositions as state. Requests are `POST /{Operation}`
 * with a JSON body, except tagging: `GET|POST|DELETE /tags/{url-encoded ARN}` with repeated
 * `tagKeys` query parameters for UntagResource. State is per account and region.
 *
 * Side effects of compositions (recordings in S3, events) attach through `compositionHooks`,
 * re-exported here; see ivs-composition-hooks.ts for how hooks are called.
 */
import { AwsError } from "../errors.js";
import { parseJsonBody, renderRestJsonError, restJsonResponse } from "../protocols/rest-json.js";
import { ivsRules } from "../rules/ivs.js";
import { validateInput } from "../rules/validate.js";
import type { EmulatedService, EmulatorRequest, OperationInfo, ServiceContext } from "../types.js";
import { getComposition, listCompositions, startComposition, stopComposition } from "./ivs-compositions.js";
import {
  createEncoderConfiguration,
  createStorageConfiguration,
  deleteEncoderConfiguration,
  deleteStorageConfiguration,
  getEncoderConfiguration,
  getStorageConfiguration,
  listEncoderConfigurations,
  listStorageConfigurations,
} from "./ivs-configurations.js";
import { createStage, deleteStage, getStage, listStages } from "./ivs-stages.js";
import { listTagsForResource, tagResource, untagResource } from "./ivs-tags.js";

export {
  type CompositionHook,
  type CompositionHookContext,
  compositionHooks,
} from "./ivs-composition-hooks.js";

type Handler = (input: Record<string, any>, context: ServiceContext) => unknown;

/** The `POST /{Operation}` operations the emulator implements. */
const OPERATIONS: Record<string, Handler> = {
  CreateStorageConfiguration: createStorageConfiguration,
  GetStorageConfiguration: getStorageConfiguration,
  ListStorageConfigurations: listStorageConfigurations,
  DeleteStorageConfiguration: deleteStorageConfiguration,
  CreateEncoderConfiguration: createEncoderConfiguration,
  GetEncoderConfiguration: getEncoderConfiguration,
  ListEncoderConfigurations: listEncoderConfigurations,
  DeleteEncoderConfiguration: deleteEncoderConfiguration,
  CreateStage: createStage,
  GetStage: getStage,
  ListStages: listStages,
  DeleteStage: deleteStage,
  StartComposition: startComposition,
  GetComposition: getComposition,
  StopComposition: stopComposition,
  ListCompositions: listCompositions,
};

/** IVS real-time operations the emulator knows of but does not implement (answered 501, clearly). */
const UNIMPLEMENTED = new Set([
  "CreateIngestConfiguration",
  "CreateParticipantToken",
  "DeleteIngestConfiguration",
  "DeletePublicKey",
  "DisconnectParticipant",
  "GetIngestConfiguration",
  "GetParticipant",
  "GetPublicKey",
  "GetStageSession",
  "ImportPublicKey",
  "ListIngestConfigurations",
  "ListParticipantEvents",
  "ListParticipantReplicas",
  "ListParticipants",
  "ListPublicKeys",
  "ListStageSessions",
  "StartParticipantReplication",
  "StopParticipantReplication",
  "UpdateIngestConfiguration",
  "UpdateStage",
]);

const TAG_OPERATIONS: Record<string, string> = {
  GET: "ListTagsForResource",
  POST: "TagResource",
  DELETE: "UntagResource",
};

const TAG_OPERATIONS_BY_NAME: Record<string, true> = {
  ListTagsForResource: true,
  TagResource: true,
  UntagResource: true,
};

const READ_ONLY = /^(Get|List)/;

/** `/tags/{arn}` (after any endpoint path prefix), with the ARN still percent-encoded. */
const TAGS_PATH = /\/tags\/([^/]+)$/;

function operationName(request: EmulatorRequest): string | AwsError {
  const tags = TAGS_PATH.exec(request.rawPath);
  if (tags) {
    const operation = Object.hasOwn(TAG_OPERATIONS, request.method)
      ? TAG_OPERATIONS[request.method]
      : undefined;
    return (
      operation ??
      new AwsError(
        "UnknownOperationException",
        `${request.method} is not allowed on /tags/{resourceArn}`,
        405,
      )
    );
  }
  const name = request.rawPath.split("/").pop() ?? "";
  if (!Object.hasOwn(OPERATIONS, name) && !UNIMPLEMENTED.has(name))
    return new AwsError(
      "UnknownOperationException",
      `Unknown IVS real-time operation: ${request.method} ${request.rawPath}`,
      404,
    );
  if (request.method !== "POST")
    return new AwsError("UnknownOperationException", `${name} takes POST, not ${request.method}`, 405);
  if (UNIMPLEMENTED.has(name))
    return new AwsError("NotImplemented", `The emulator does not implement IVS real-time ${name}`, 501);
  return name;
}

/** The operation's input in the model's shape (tagging: URL label and query members included). */
function inputOf(operation: string, request: EmulatorRequest): Record<string, any> {
  const body = parseJsonBody(request.body);
  if (!body) throw new AwsError("SerializationException", "The request body is not a JSON object");
  if (!Object.hasOwn(TAG_OPERATIONS_BY_NAME, operation)) return body;
  const encoded = TAGS_PATH.exec(request.rawPath)?.[1] ?? "";
  let resourceArn: string;
  try {
    resourceArn = decodeURIComponent(encoded);
  } catch {
    throw new AwsError(
      "ValidationException",
      `The resource ARN in the path is not correctly percent-encoded: ${encoded}`,
    );
  }
  const input: Record<string, any> = { ...body, resourceArn };
  if (operation === "UntagResource" && request.query.has("tagKeys"))
    input.tagKeys = request.query.getAll("tagKeys");
  return input;
}

function runTagOperation(operation: string, input: Record<string, any>, context: ServiceContext): unknown {
  const { store, account, region } = context;
  if (operation === "ListTagsForResource")
    return listTagsForResource(store, input.resourceArn, account, region);
  if (operation === "TagResource") return tagResource(store, input.resourceArn, input.tags, account, region);
  return untagResource(store, input.resourceArn, input.tagKeys, account, region);
}

/** The emulated IVS real-time service (signing name `ivs`). */
export const ivsRealtimeService: EmulatedService = {
  name: "ivs",

  identify(request): OperationInfo | AwsError {
    const operation = operationName(request);
    if (operation instanceof AwsError) return operation;
    return { operation, mutating: !READ_ONLY.test(operation) };
  },

  handle(operation, request, context) {
    const input = inputOf(operation, request);
    const violation = validateInput(ivsRules[operation] ?? {}, input);
    if (violation) throw new AwsError("ValidationException", violation.message);
    const output = Object.hasOwn(TAG_OPERATIONS_BY_NAME, operation)
      ? runTagOperation(operation, input, context)
      : OPERATIONS[operation](input, context);
    return restJsonResponse(output);
  },

  renderError: (error) => renderRestJsonError(error),
};
