import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pseudoTerminalSkipReason, shellQuote } from "../helpers/terminal.js";

const root = join(import.meta.dirname, "..", "..");
const skipReason = pseudoTerminalSkipReason("test/newcomer/terminal-sync.test.ts");

describe("sync --local on a terminal", () => {
  it.skipIf(skipReason !== undefined)("redraws a live view in place, then prints the coloured table", () => {
    const dir = mkdtempSync(join(tmpdir(), "yolo-tty-"));
    copyFileSync(join(root, "examples", "yolo.yml"), join(dir, "yolo.yml"));
    const command = `stty cols 120 rows 50; node bin/yolo.js sync production --local --manifest ${shellQuote(join(dir, "yolo.yml"))}`;
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color" };
    delete env.CI; // CI logs get plain progress even on a terminal
    delete env.NO_COLOR;

    const run = spawnSync("script", ["-qfec", command, "/dev/null"], {
      cwd: root,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });

    expect(run.status).toBe(0);
    const screen = run.stdout;
    expect(screen).toContain("\r\x1b[2K"); // each live row is cleared and redrawn in place
    expect(screen).toMatch(/\x1b\[\d+m/); // colour
    expect(screen).toContain("IVS realtime recording bucket");
    const plain = screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/\r/g, "");
    expect(plain).toMatch(/ 2 +Sync IVS realtime recording bucket +CREATED +CREATED +CREATED +CREATED/);
    expect(plain).toMatch(/ 7 +Sync IVS EventBridge target +CREATED/);
    expect(plain).toMatch(/Synced production .*: \d+ created, 0 changed, 0 failed\./);
  });
});
