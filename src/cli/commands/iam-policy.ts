/**
 * `yolo iam:policy <env>`: the least-privilege IAM policy that runs sync, destroy, env and verify
 * for one environment. stdout is the bare policy document (with or without `--json`); notes go to
 * stderr. The account comes from `--local` (the emulator's), else `aws.account-id`, else one STS
 * GetCallerIdentity.
 */
import { LOCAL_ACCOUNT } from "../../aws/session.js";
import { buildIamPolicy, MANAGED_POLICY_MAX_CHARACTERS, policySize } from "../../iam/policy.js";
import type { EnvironmentConfig } from "../../manifest/types.js";
import { loadEnvironment } from "../config.js";
import { type CliIO, EXIT_OK } from "../io.js";
import { openSession } from "../session.js";

export interface IamPolicyCommandOptions {
  syncOnly?: boolean;
  json?: boolean;
  profile?: string;
  local?: boolean;
  manifest?: string;
}

export async function iamPolicyCommand(
  io: CliIO,
  environment: string,
  options: IamPolicyCommandOptions,
): Promise<number> {
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
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
  const session = await openSession({ config, profile: options.profile, local: false, env: io.env });
  try {
    for (const note of session.notes) io.stderr.write(`${note}\n`);
    return session.account;
  } finally {
    await session.close();
  }
}
