/**
 * Merge the statements the tool owns into a policy that others also write to. IVS adds its own
 * `CompositeWrite-*` statement to a recording bucket's policy, and CloudFront or people add grants;
 * overwriting the whole policy would break recordings (AWS-FACTS §1.6), so the tool replaces only
 * its own statements, found by Sid.
 */
import { statementsEqual, statementsOf } from "./canonical.js";
import type { MergeResult, PolicyDocument, PolicyStatement, StatementChange } from "./types.js";

/** The policy language version the tool writes into a document it creates. */
export const POLICY_VERSION = "2012-10-17";

/**
 * Put the owned statements into `current`, by Sid:
 * - an owned statement replaces the statement with its Sid, in place, or is appended;
 * - a statement whose Sid is in `ownedSids` but not in `owned` is removed (e.g. `MediaConvertRead`
 *   once MediaConvert is turned off);
 * - every other statement (without Sid, or with a Sid the tool does not own) is kept as it is, where
 *   it is;
 * - `Version` and `Id` are kept; a new document gets `Version` {@link POLICY_VERSION}.
 *
 * `changes` lists only the owned statements that differ structurally, so an empty list means the
 * live policy needs no write. When the result has no statement left, the caller should delete the
 * policy: S3 refuses a policy without statements.
 */
export function mergeStatementsBySid(
  current: PolicyDocument | undefined,
  owned: PolicyStatement[],
  ownedSids: readonly string[],
): MergeResult {
  const wanted = new Map<string, PolicyStatement>();
  for (const statement of owned) {
    if (statement.Sid === undefined || statement.Sid === "") {
      throw new Error("Every statement the tool owns needs a Sid: it is how the tool finds it again");
    }
    if (wanted.has(statement.Sid)) throw new Error(`Two owned statements share the Sid ${statement.Sid}`);
    wanted.set(statement.Sid, statement);
  }
  const ownedSet = new Set<string>([...ownedSids, ...wanted.keys()]);

  const existing = current ? statementsOf(current) : [];
  const found = new Map<string, PolicyStatement>();
  const duplicated = new Set<string>();
  const statements: PolicyStatement[] = [];
  for (const statement of existing) {
    const sid = statement.Sid;
    if (sid === undefined || !ownedSet.has(sid)) {
      statements.push(statement);
      continue;
    }
    if (found.has(sid)) {
      // A second statement with an owned Sid (written by hand): the owned one replaces both.
      duplicated.add(sid);
      continue;
    }
    found.set(sid, statement);
    const replacement = wanted.get(sid);
    if (replacement) statements.push(replacement);
  }
  for (const [sid, statement] of wanted) if (!found.has(sid)) statements.push(statement);

  const changes: StatementChange[] = [];
  for (const sid of ownedSet) {
    const from = found.get(sid) ?? null;
    const to = wanted.get(sid) ?? null;
    if (from === null && to === null) continue;
    const same = from !== null && to !== null && statementsEqual(from, to) && !duplicated.has(sid);
    if (!same) changes.push({ sid, from, to });
  }

  const document: PolicyDocument = current
    ? { ...versionAndIdOf(current), Statement: statements }
    : { Version: POLICY_VERSION, Statement: statements };
  return { document, changes };
}

function versionAndIdOf(doc: PolicyDocument): Pick<PolicyDocument, "Version" | "Id"> {
  const kept: Pick<PolicyDocument, "Version" | "Id"> = {};
  if (doc.Version !== undefined) kept.Version = doc.Version;
  if (doc.Id !== undefined) kept.Id = doc.Id;
  return kept;
}
