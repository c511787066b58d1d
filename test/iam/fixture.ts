/**
 * What the IAM tests share: a manifest with a three-region environment, a one-region one (fast
 * cases), one with event logging only, one without MediaConvert and one that adopts a bucket;
 * and running `yolo iam:policy` against the emulator (its STS answers the account).
 */
import type { PolicyDocument, PolicyStatement } from "../../src/policy/types.js";
import { emulatorEnv, manifestDir, runYolo } from "../helpers/cli.js";
import { APP } from "../helpers/manifests.js";

export const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];

export const MANIFEST = [
  `name: ${APP}`,
  "environments:",
  "  production:",
  "    aws:",
  "      region: us-east-1",
  "      mediaconvert: true",
  "      ivs:",
  `        regions: [${REGIONS.join(", ")}]`,
  "        logging: true",
  "        recording:",
  "          real_time: true",
  "          expire-after-days: 30",
  "  solo:",
  "    aws:",
  "      region: eu-west-1",
  "      mediaconvert: true",
  "      ivs:",
  "        logging: true",
  "        recording:",
  "          real_time: true",
  "          expire-after-days: 30",
  "  events:",
  "    aws:",
  "      region: us-west-2",
  "      mediaconvert: true",
  "      ivs: true",
  "  plain:",
  "    aws:",
  "      region: us-west-2",
  "      ivs:",
  "        logging: true",
  "        recording:",
  "          real_time: true",
  "  adopting:",
  "    aws:",
  "      region: us-east-1",
  '      account-id: "123456789012"',
  "      ivs:",
  "        regions: [us-east-1, eu-west-1]",
  "        recording:",
  "          real_time: true",
  "          buckets:",
  "            eu-west-1: my-existing-recordings",
  "",
].join("\n");

/** A fresh directory holding the manifest. */
export function fixtureDir(): string {
  return manifestDir(MANIFEST);
}

/** `yolo iam:policy <env> ...extra`, parsed; fails the test when it does not exit 0. */
export async function generatedPolicy(
  url: string,
  dir: string,
  env: string,
  extra: string[] = [],
): Promise<PolicyDocument> {
  const run = await runYolo(["iam:policy", env, ...extra], { cwd: dir, env: emulatorEnv(url) });
  if (run.code !== 0) throw new Error(`yolo iam:policy ${env} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as PolicyDocument;
}

export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

export function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The policy with one action taken out of every statement (statements left empty are dropped). */
export function withoutAction(policy: PolicyDocument, action: string): PolicyDocument {
  const statements = statementsOf(policy)
    .map((statement) => ({ ...statement, Action: listOf(statement.Action).filter((a) => a !== action) }))
    .filter((statement) => statement.Action.length > 0);
  return { ...policy, Statement: statements };
}
