/**
 * Can IVS events reach this region's log group? The log group exists, the account's Logs
 * resource policies let EventBridge write into it (evaluated, not string-compared), the rule is
 * enabled and its pattern matches an IVS composition event, and its target is the log group by
 * ARN (no `:*`, no RoleArn). Reads only.
 */
import { matchesEventPattern, parseEventPattern } from "../aws-semantics/event-pattern.js";
import { evaluatePolicies, evaluatePolicy } from "../aws-semantics/policy-evaluation.js";
import type { Decision } from "../aws-semantics/policy-types.js";
import { names } from "../manifest/names.js";
import { readRuleDefinition, ruleArn } from "../resources/eventbridge-rule.js";
import { readTarget } from "../resources/eventbridge-target.js";
import { logGroupArn, readEnvironmentLogGroups, readLogsResourcePolicies } from "../resources/log-group.js";
import { readContext } from "./read-context.js";
import { readFailure } from "./read-failure.js";
import { type RegionCheckContext, syncCommandFor, type VerifyCheck } from "./types.js";

const CHECKS = {
  logGroup: "log group exists",
  logsPolicy: "Logs resource policy lets EventBridge write to the log group",
  rule: "EventBridge rule is enabled and matches IVS events",
  target: "EventBridge target points at the log group",
} as const;

const EVENTS_PRINCIPAL = "events.amazonaws.com";
const LOG_WRITE_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];
/** States in which a rule delivers events. */
const DELIVERING_STATES = new Set(["ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]);

type Verdict = Pick<VerifyCheck, "ok" | "detail" | "fix">;

/** An `IVS Composition State Change` event as IVS sends it to the region's default bus. */
export function sampleIvsEvent(region: string, account: string): Record<string, unknown> {
  return {
    version: "0",
    id: "00000000-0000-0000-0000-000000000000",
    "detail-type": "IVS Composition State Change",
    source: "aws.ivs",
    account,
    time: "2024-01-01T00:00:00Z",
    region,
    resources: [`arn:aws:ivs:${region}:${account}:composition/AbCdEfGhIjKl`],
    detail: { event_name: "Session Start" },
  };
}

/** The four logging checks of one region, in report order. */
export async function loggingChecks(ctx: RegionCheckContext): Promise<VerifyCheck[]> {
  const checks: [VerifyCheck["id"], string, () => Promise<Verdict>][] = [
    ["log-group", CHECKS.logGroup, () => checkLogGroup(ctx)],
    ["logs-resource-policy", CHECKS.logsPolicy, () => checkLogsPolicies(ctx)],
    ["eventbridge-rule", CHECKS.rule, () => checkRule(ctx)],
    ["eventbridge-target", CHECKS.target, () => checkTarget(ctx)],
  ];
  const run = async ([id, check, verdict]: (typeof checks)[number]): Promise<VerifyCheck> => {
    try {
      return { region: ctx.region, id, check, ...(await verdict()) };
    } catch (error) {
      return { region: ctx.region, id, check, ...readFailure(ctx, error) };
    }
  };
  if (!ctx.sequential) return Promise.all(checks.map(run));
  const results: VerifyCheck[] = [];
  for (const check of checks) results.push(await run(check));
  return results;
}

async function checkLogGroup(ctx: RegionCheckContext): Promise<Verdict> {
  const name = names.logGroup(ctx.config.environment, ctx.config.app);
  const groups = await readEnvironmentLogGroups(readContext(ctx, "log-group"));
  if (groups.some((group) => group.logGroupName === name))
    return { ok: true, detail: `${name} exists in ${ctx.region}` };
  return {
    ok: false,
    detail: `no log group ${name} in ${ctx.region}`,
    fix: syncCommandFor("logging", ctx.config.environment),
  };
}

async function checkLogsPolicies(ctx: RegionCheckContext): Promise<Verdict> {
  const { environment: env, app } = ctx.config;
  const group = names.logGroup(env, app);
  const fix = syncCommandFor("logging", env);
  const policies = await readLogsResourcePolicies(readContext(ctx, "log-group"));
  const documents = policies
    .filter((p) => p.policyDocument)
    .map((p) => ({ name: p.policyName ?? "(unnamed)", text: p.policyDocument as string }));
  if (documents.length === 0)
    return {
      ok: false,
      detail: `no CloudWatch Logs resource policy in ${ctx.region}, so EventBridge may not write to ${group}`,
      fix,
    };
  // A stream EventBridge would create in the group; the rule is where the events come from.
  const resource = `${logGroupArn(ctx.region, ctx.account, group)}:log-stream:x`;
  const context = {
    "aws:SourceArn": ruleArn(ctx.region, ctx.account, names.eventBridgeRule(env, app)),
    "aws:SourceAccount": ctx.account,
  };
  const allowedBy = new Set<string>();
  for (const action of LOG_WRITE_ACTIONS) {
    const request = {
      principal: { type: "Service" as const, id: EVENTS_PRINCIPAL },
      action,
      resource,
      context,
    };
    let decision: Decision;
    try {
      decision = evaluatePolicies(
        documents.map((d) => d.text),
        request,
      ).decision;
    } catch (error) {
      return {
        ok: false,
        detail: `the Logs resource policies cannot be evaluated: ${(error as Error).message}`,
        fix,
      };
    }
    // Which policies decided it, by name (the evaluation above is over all of them together).
    const deciding = documents
      .filter((d) => evaluatePolicy(d.text, request).decision === decision)
      .map((d) => d.name);
    if (decision === "deny")
      return {
        ok: false,
        detail: `Logs resource policy ${deciding.join(", ")} denies ${EVENTS_PRINCIPAL} ${action} on ${group}`,
        fix: `remove or narrow the Deny in ${deciding.join(", ")}, then ${fix}`,
      };
    if (decision === "implicit-deny")
      return {
        ok: false,
        detail: `no Logs resource policy in ${ctx.region} lets ${EVENTS_PRINCIPAL} ${action} on ${group}`,
        fix,
      };
    for (const name of deciding) allowedBy.add(name);
  }
  return {
    ok: true,
    detail: `${EVENTS_PRINCIPAL} may ${LOG_WRITE_ACTIONS.join(" and ")} on ${group} (allowed by ${[...allowedBy].join(", ")})`,
  };
}

async function checkRule(ctx: RegionCheckContext): Promise<Verdict> {
  const name = names.eventBridgeRule(ctx.config.environment, ctx.config.app);
  const fix = syncCommandFor("logging", ctx.config.environment);
  const rule = await readRuleDefinition(readContext(ctx, "eventbridge-rule"));
  if (!rule)
    return { ok: false, detail: `no EventBridge rule ${name} on the default bus of ${ctx.region}`, fix };
  if (!DELIVERING_STATES.has(rule.State ?? ""))
    return {
      ok: false,
      detail: `rule ${name} is ${rule.State ?? "in no state"}, so it delivers nothing`,
      fix,
    };
  if (!rule.EventPattern) return { ok: false, detail: `rule ${name} has no event pattern`, fix };
  let matches: boolean;
  try {
    matches = matchesEventPattern(
      parseEventPattern(rule.EventPattern),
      sampleIvsEvent(ctx.region, ctx.account),
    );
  } catch (error) {
    return {
      ok: false,
      detail: `rule ${name} has a pattern EventBridge cannot use: ${(error as Error).message}`,
      fix,
    };
  }
  if (!matches)
    return {
      ok: false,
      detail: `the pattern of rule ${name} (${rule.EventPattern}) does not match an IVS Composition State Change event`,
      fix,
    };
  return { ok: true, detail: `${name} is ${rule.State} and matches IVS Composition State Change events` };
}

async function checkTarget(ctx: RegionCheckContext): Promise<Verdict> {
  const { environment: env, app } = ctx.config;
  const rule = names.eventBridgeRule(env, app);
  const want = logGroupArn(ctx.region, ctx.account, names.logGroup(env, app));
  const fix = syncCommandFor("logging", env);
  const { target, ruleMissing } = await readTarget(readContext(ctx, "eventbridge-target"));
  if (ruleMissing) return { ok: false, detail: `not checked: rule ${rule} does not exist`, fix };
  if (!target) return { ok: false, detail: `rule ${rule} has no target ${names.eventBridgeTargetId}`, fix };
  const problems: string[] = [];
  if (target.Arn === `${want}:*`) problems.push(`its ARN ends with ":*" (${target.Arn})`);
  else if (target.Arn !== want) problems.push(`it points at ${target.Arn}, not ${want}`);
  if (target.RoleArn) problems.push(`it has a RoleArn (${target.RoleArn}), which Logs targets do not use`);
  if (target.Input !== undefined || target.InputPath !== undefined)
    problems.push("it sets Input/InputPath, which Logs targets refuse");
  if (target.InputTransformer) problems.push("it has an InputTransformer, so not the whole event is logged");
  if (problems.length > 0)
    return {
      ok: false,
      detail: `target ${names.eventBridgeTargetId} of rule ${rule}: ${problems.join("; ")}`,
      fix,
    };
  return { ok: true, detail: `${rule} → ${want}` };
}
