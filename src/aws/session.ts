import { dirname, join } from "node:path";
import { describeAwsError } from "../aws-semantics/errors.js";
import { AwsSessionError } from "../errors/yolo-error.js";
import type { EnvironmentConfig } from "../manifest/types.js";
import { type CallService, preloadSdk } from "./call.js";
import { type AwsClients, createAwsClients } from "./clients.js";
import { resolveProfile } from "./profile.js";

/** The fake credentials and account of `--local` runs. */
export const LOCAL_CREDENTIALS = { accessKeyId: "AKIAYOLOLOCAL", secretAccessKey: "yolo-local-secret" };
export const LOCAL_ACCOUNT = "000000000000";

/** Where `--local` keeps the emulator's state: `.yolo/local/` beside the manifest. */
export function localStateFile(manifestPath: string): string {
  return join(dirname(manifestPath), ".yolo", "local", "state.json");
}

/** An AWS-compatible endpoint someone else started (the local emulator, started by the CLI). */
export interface LocalEndpoint {
  url: string;
  /** Where it keeps its state, told to the user. */
  stateFile: string;
  /** Stops it; the session calls it when it closes or fails to open. */
  close(): Promise<void>;
}

export interface AwsSession {
  clients: AwsClients;
  account: string;
  local: boolean;
  /** Notes for the user (profile used, account check skipped locally). */
  notes: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  config: EnvironmentConfig;
  profile?: string;
  /** Run against this endpoint with the local fake credentials, skipping the account check. */
  local?: LocalEndpoint;
  env: NodeJS.ProcessEnv;
  /** Retries per call (tests lower it). */
  maxAttempts?: number;
  /** The services the command will call in `preloadRegions`, made ready while STS answers. */
  preload?: readonly CallService[];
  preloadRegions?: readonly string[];
  /**
   * Called once the STS request is on its way, to start reads that need no account: skipped when
   * the manifest's `account-id` asks for the account check before any other request.
   */
  whileIdentifying?: (clients: AwsClients) => void;
}

/**
 * Open AWS access for a command: a local endpoint (the emulator, which the CLI starts) or
 * the real account through the SDK's default chain; then one STS GetCallerIdentity, checked
 * against `aws.account-id` before anything else happens.
 */
export async function openAwsSession(options: SessionOptions): Promise<AwsSession> {
  const { config } = options;
  const notes: string[] = [];
  let clients: AwsClients;
  let closeLocal = async () => {};
  let profileUsed: string | undefined;
  /** Where the profile's name came from: `--profile`, or the variable that named it. */
  let profileSource: string | undefined;

  const local = options.local;
  if (local) {
    closeLocal = () => local.close();
    clients = createAwsClients({
      endpoint: local.url,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: options.maxAttempts,
      env: options.env,
    });
    notes.push(
      `Running against the local emulator (state in ${local.stateFile}); the account check is skipped.`,
    );
  } else {
    const { profile, source } = resolveProfile({
      profile: options.profile,
      environment: config.environment,
      manifestPath: config.manifestPath,
      env: options.env,
    });
    if (profile) notes.push(`Using AWS profile ${profile} (from ${source}).`);
    profileUsed = profile;
    profileSource = source;
    clients = createAwsClients({ profile, maxAttempts: options.maxAttempts, env: options.env });
  }

  let account: string;
  try {
    const { GetCallerIdentityCommand } = await import("./sdk/sts.js");
    const sts = await clients.sts(config.homeRegion);
    const pending = sts.send(new GetCallerIdentityCommand({}));
    // The early reads first: their modules then load before the other services'.
    if (options.whileIdentifying && (local || !config.accountId)) options.whileIdentifying(clients);
    if (options.preload)
      preloadSdk(clients, options.preload, options.preloadRegions ?? [], config.homeRegion);
    const identity = await pending;
    account = identity.Account ?? "";
  } catch (error) {
    clients.destroy();
    await closeLocal();
    // Credential and rejection errors are told precisely by output/errors.ts; anything else
    // (the network, an unexpected answer) is wrapped with what yolo was doing.
    if (error instanceof Error && /Credential|TokenProvider|ProviderError/.test(error.name)) {
      if (profileUsed && !/expired|sso/i.test(error.message))
        throw new AwsSessionError(
          `The AWS profile "${profileUsed}" was not found or has no usable credentials (${error.message}). ` +
            `Check the name given with ${profileSource}, or run with --local to try yolo without an account. Nothing was changed.`,
        );
      throw error;
    }
    if (
      error instanceof Error &&
      (error as { $metadata?: unknown }).$metadata &&
      /Token|Signature|AccessKey|Expired|AccessDenied/.test(error.name)
    )
      throw error;
    throw new AwsSessionError(
      `Cannot identify the AWS account (STS GetCallerIdentity failed: ${describeAwsError(error)}).\n` +
        "Check your credentials: set AWS_PROFILE, pass --profile, or run with --local to try yolo without an account. Nothing was changed.",
    );
  }

  if (!options.local && config.accountId && config.accountId !== account) {
    clients.destroy();
    throw new AwsSessionError(
      `The AWS account is ${account} but ${config.manifestPath} says account-id "${config.accountId}" ` +
        `(environment ${config.environment}, credentials from ${profileUsed ? `profile ${profileUsed}` : "the default credential chain"}). Nothing was changed.`,
    );
  }

  return {
    clients,
    account,
    local: local !== undefined,
    notes,
    close: async () => {
      clients.destroy();
      await closeLocal();
    },
  };
}
