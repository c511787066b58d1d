/**
 * The statuses a step reports (SPEC §6), and how they merge over regions: highest first. A
 * replacement is a creation that also retires something, so it sits just below its creating
 * twin; ORPHANED (left over, not asked for) sits with the deletions it calls for.
 */
export const STATUSES = [
  "FAILED",
  "CREATED",
  "REPLACED",
  "WOULD_CREATE",
  "WOULD_REPLACE",
  "DELETED",
  "WOULD_DELETE",
  "ORPHANED",
  "WOULD_SYNC",
  "RETAINED",
  "SYNCED",
  "SKIPPED",
] as const;

export type Status = (typeof STATUSES)[number];

/** Lower index = higher precedence (the seed's StepResult::highest()). */
const PRECEDENCE: Record<Status, number> = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<
  Status,
  number
>;

/** The merged status of a step over its regions: the highest by SPEC §6 precedence. */
export function highestStatus(statuses: Iterable<Status>): Status {
  let best: Status = "SKIPPED";
  for (const status of statuses) {
    if (PRECEDENCE[status] < PRECEDENCE[best]) best = status;
  }
  return best;
}

/** Statuses that mean "something would change" in a dry-run (what makes `--check` exit 2). */
export function isPending(status: Status): boolean {
  return (
    status === "WOULD_CREATE" ||
    status === "WOULD_REPLACE" ||
    status === "WOULD_SYNC" ||
    status === "WOULD_DELETE" ||
    status === "ORPHANED"
  );
}

/** How a status is shown to people: yolo's words, with a space (`WOULD SYNC`). */
export function statusLabel(status: Status): string {
  return status.replace("_", " ");
}
