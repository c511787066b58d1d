/**
 * Principals a policy can no longer be written with. When an IAM role named in a resource policy
 * is deleted, reading the policy back shows the role's unique id (`AROA…`) where its ARN was, and
 * S3 refuses to take that policy again ("Invalid principal in policy", AWS-FACTS §2.4). A role that
 * still exists reads back as its ARN, so every such id in a policy read is a deleted role's.
 */
import { statementsOf } from "./canonical.js";
import type { PolicyDocument } from "./types.js";

/** A role's unique id as a policy shows it: `AROA` and upper-case letters and digits. */
const ROLE_UNIQUE_ID = /^AROA[A-Z0-9]{8,}$/;

/** The statements (by Sid, or their position when they have none) naming a deleted role's unique id. */
export function statementsNamingDeletedRoles(document: PolicyDocument): { sid: string; ids: string[] }[] {
  const found: { sid: string; ids: string[] }[] = [];
  statementsOf(document).forEach((statement, index) => {
    const ids = [statement.Principal, statement.NotPrincipal].flatMap((principal) => {
      if (principal === undefined || typeof principal === "string" || principal.AWS === undefined) return [];
      return [principal.AWS].flat().filter((value) => ROLE_UNIQUE_ID.test(value));
    });
    if (ids.length > 0) found.push({ sid: statement.Sid ?? `#${index + 1} (no Sid)`, ids });
  });
  return found;
}
