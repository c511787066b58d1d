/**
 * `yolo iam:policy <env>`: the least-privilege IAM policy that runs sync, destroy, env and verify
 * for one environment. stdout is the bare policy document (with or without `--json`); notes go to
 * stderr. The account comes from `--local` (the emulator's), else `aws.account-id`, else one STS
 * GetCallerIdentity.
 */

import { LOCAL_ACCOUNT } from "../../aws/session.js";
import { UserError } from "../../errors/yolo-error.js";
import { buildIamPolicy, MANAGED_POLICY_MAX_CHARACTERS, policySize } from "../../iam/policy.js";
import type { EnvironmentConfig } from "../../manifest/types.js";
import { formatError } from "../../output/errors.js";
import { loadEnvironment, selectRegions } from "../config.js";
import { type CliIO, EXIT_OK } from "../io.js";
import type { AwsCommandOptions } from "../options.js";
import { openSession } from "../session.js";

/**
 * Every SPEC §5 option is accepted; `--region` narrows the policy to those IVS regions, and
 * `--dry-run`, `--check`, `--no-progress` and `--concurrency` have no effect (nothing is
 * written, one STS call at most).
 */
export interface IamPolicyCommandOptions extends AwsCommandOptions {
  syncOnly?: boolean;
}

export async function iamPolicyCommand(
  io: CliIO,
  environment: string,
  options: IamPolicyCommandOptions,
): Promise<number> {
  const config = onlyRegions(await loadEnvironment(options.manifest, environment, io.cwd), options.region);
  const account = await accountFor(config, options, io);
  const policy = buildIamPolicy(config, account, { syncOnly: options.syncOnly });
  io.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);

  const statements = [policy.Statement].flat();
  if (statements.length === 0)
    io.stderr.write(
      `Environment ${environment} turns on neither aws.ivs nor aws.mediaconvert: yolo makes no call that needs a permission, so the policy has no statement (IAM will not accept it as it is).\n`,
    );
  const size = policySize(policy);
  if (size > MANAGED_POLICY_MAX_CHARACTERS)
    io.stderr.write(
      `This policy has ${size} characters without whitespace, more than the ${MANAGED_POLICY_MAX_CHARACTERS} IAM allows a managed policy: attach it to a role as an inline policy (up to 10,240), or split it.\n`,
    );
  return EXIT_OK;
}

async function accountFor(
  config: EnvironmentConfig,
  options: IamPolicyCommandOptions,
  io: CliIO,
): Promise<string> {
  if (options.local) return LOCAL_ACCOUNT;
  if (config.accountId) return config.accountId;
  let session: Awaited<ReturnType<typeof openSession>>;
  try {
    session = await openSession({ config, profile: options.profile, local: false, env: io.env });
  } catch (error) {
    throw new UserError(noAccountMessage(config, error));
  }
  try {
    for (const note of session.notes) io.stderr.write(`${note}\n`);
    return session.account;
  } finally {
    await session.close();
  }
}

/** The environment with only the `--region` regions (the policy then covers only those). */
function onlyRegions(config: EnvironmentConfig, requested: string[] | undefined): EnvironmentConfig {
  if (!requested?.length) return config;
  const regions = selectRegions(config, requested);
  const buckets = Object.fromEntries(
    Object.entries(config.recording.buckets).filter(([region]) => regions.includes(region)),
  );
  return { ...config, regions, recording: { ...config.recording, buckets } };
}

/**
 * The account could not be found: say why, and the two ways to a policy without credentials.
 * iam:policy never writes, so "Nothing was changed" (and the generic "--local to try yolo")
 * would only distract.
 */
function noAccountMessage(config: EnvironmentConfig, error: unknown): string {
  const why = formatError(error)
    .replace(/\s*Nothing was changed\.\s*/g, " ")
    .replace(/\s*(Set AWS_PROFILE|Check your credentials|Check the name given)[\s\S]*$/, "")
    .replace(/,? or run with --local to try yolo without an account\.?/, ".")
    .trim();
  return (
    `iam:policy needs the AWS account id for environment ${config.environment}, and could not get it from STS: ${why}\n` +
    `Set environments.${config.environment}.aws.account-id in ${config.manifestPath} (a quoted 12-digit string; then no AWS call is made), ` +
    "pass --profile NAME, or use --local for the local emulator's account."
  );
}
