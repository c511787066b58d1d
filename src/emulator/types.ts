import type { EmulatorSettings } from "./controls.js";
import type { AwsError } from "./errors.js";
import type { EmulatorStore } from "./state.js";

export type ServiceName = "s3" | "ivs" | "logs" | "events" | "sts" | "iam";

/** An incoming request, already routed by its SigV4 credential scope. */
export interface EmulatorRequest {
  method: string;
  /** The URL path, still percent-encoded, without the query string. */
  rawPath: string;
  /** The URL path, percent-decoded segment by segment. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** From the credential scope: `Credential=AKID/DATE/{region}/{service}/aws4_request`. */
  region: string;
  signingName: string;
  accessKeyId: string;
  /** The caller's account, from the access key id (see EmulatorOptions.accounts). */
  account: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What a service gets besides the request: the whole store (services see each other). */
export interface ServiceContext {
  store: EmulatorStore;
  /** The caller's account and the request's region (also on the request). */
  account: string;
  region: string;
  now(): Date;
  /** Unique ids for new resources. */
  newId(length?: number): string;
  /** The consistency settings in force for this request (propagation windows). */
  settings: Readonly<EmulatorSettings>;
  /** Hooks other services use for side effects (IVS writing recordings, EventBridge delivering events). */
  emitEvent?: (event: Record<string, unknown>, account: string, region: string) => void;
}

/** The operation a request asks for, known before it runs (for the log, faults and IAM checks). */
export interface OperationInfo {
  operation: string;
  /** Whether the operation changes state (Create/Put/Delete/Tag/…). */
  mutating: boolean;
}

export interface EmulatedService {
  readonly name: ServiceName;
  /** Which operation this request is, or an AwsError when it is not one the emulator knows. */
  identify(request: EmulatorRequest): OperationInfo | AwsError;
  handle(
    operation: string,
    request: EmulatorRequest,
    context: ServiceContext,
  ): Promise<EmulatorResponse> | EmulatorResponse;
  /** Render an error in this service's protocol. */
  renderError(error: AwsError, request: EmulatorRequest): EmulatorResponse;
}
