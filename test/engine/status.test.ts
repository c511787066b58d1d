import { describe, expect, it } from "vitest";
import { highestStatus, isPending, STATUSES, statusLabel } from "../../src/engine/status.js";

describe("status merging over regions (SPEC §6 precedence)", () => {
  it("CREATED wins over SYNCED wins over SKIPPED, as the seed's StepResult::highest()", () => {
    expect(highestStatus(["SYNCED", "CREATED", "SKIPPED"])).toBe("CREATED");
    expect(highestStatus(["SKIPPED", "SYNCED"])).toBe("SYNCED");
    expect(highestStatus(["SKIPPED", "SKIPPED"])).toBe("SKIPPED");
  });

  it("FAILED wins over everything", () => {
    for (const status of STATUSES) expect(highestStatus([status, "FAILED"])).toBe("FAILED");
  });

  it("follows the full order FAILED > CREATED > WOULD_CREATE > DELETED > WOULD_DELETE > WOULD_SYNC > RETAINED > SYNCED > SKIPPED", () => {
    const order = [
      "FAILED",
      "CREATED",
      "WOULD_CREATE",
      "DELETED",
      "WOULD_DELETE",
      "WOULD_SYNC",
      "RETAINED",
      "SYNCED",
      "SKIPPED",
    ] as const;
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++) expect(highestStatus([order[j], order[i]])).toBe(order[i]);
  });

  it("an empty set of regions is SKIPPED", () => {
    expect(highestStatus([])).toBe("SKIPPED");
  });

  it("only WOULD_* statuses and leftovers are pending changes (what makes --check exit 2)", () => {
    expect(STATUSES.filter(isPending)).toEqual([
      "WOULD_CREATE",
      "WOULD_REPLACE",
      "WOULD_DELETE",
      "ORPHANED",
      "WOULD_SYNC",
    ]);
  });

  it("places a replacement beside its creating twin and a leftover with the deletions (docs/commands.md)", () => {
    expect(highestStatus(["REPLACED", "SYNCED", "WOULD_CREATE"])).toBe("REPLACED");
    expect(highestStatus(["CREATED", "REPLACED"])).toBe("CREATED");
    expect(highestStatus(["WOULD_REPLACE", "DELETED"])).toBe("WOULD_REPLACE");
    expect(highestStatus(["ORPHANED", "WOULD_SYNC", "RETAINED"])).toBe("ORPHANED");
    expect(highestStatus(["ORPHANED", "WOULD_DELETE"])).toBe("WOULD_DELETE");
  });

  it("shows statuses in yolo's words", () => {
    expect(statusLabel("WOULD_SYNC")).toBe("WOULD SYNC");
    expect(statusLabel("CREATED")).toBe("CREATED");
  });
});
