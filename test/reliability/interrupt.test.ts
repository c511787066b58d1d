/**
 * Ctrl-C for real: the built CLI runs in a pseudo-terminal (`script`), the emulator holds a write
 * open (a `hang` fault), the test types Ctrl-C ("\x03") into the terminal. The run stops writing,
 * draws its live view once more as it ended (rows that did not finish: INTERRUPTED, never ✔),
 * prints one line naming the command that converges, and exits 130; that command, run again with
 * the fault gone, converges (exit 0), and the run after it writes nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { FaultRule, LoggedRequest } from "../../src/emulator/index.js";
import { emulatorEnv, manifestDir, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import { pseudoTerminalSkipReason, shellQuote, terminalScreen } from "../helpers/terminal.js";
import { reliabilityManifest } from "./account.js";

const root = resolve(import.meta.dirname, "../..");
const yoloBin = join(root, "bin", "yolo.js");
const skipReason = pseudoTerminalSkipReason("test/reliability/interrupt.test.ts");

interface TerminalRun {
  child: ChildProcess;
  /** Everything the terminal showed so far (stdout and stderr of the command, and its echo). */
  screen(): string;
  exited: Promise<{ code: number | null; screen: string }>;
  /** Type into the terminal. */
  type(text: string): void;
}

/** `yolo ...args` in a pseudo-terminal of 120×50, in `cwd`, against the emulator at `url`. */
function inTerminal(args: string[], cwd: string, url: string, redirect = ""): TerminalRun {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")),
  );
  const env: NodeJS.ProcessEnv = { ...inherited, ...emulatorEnv(url), TERM: "xterm-256color" };
  delete env.CI; // CI gets plain progress even on a terminal
  // exec: node itself is the terminal's process, and gets the Ctrl-C the terminal turns into SIGINT.
  const command = `stty cols 120 rows 50; exec ${[process.execPath, yoloBin, ...args].map(shellQuote).join(" ")}${redirect}`;
  const child = spawn("script", ["-qefc", command, "/dev/null"], {
    cwd,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; screen: string }>((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolveExit({ code, screen }));
  });
  return { child, screen: () => screen, exited, type: (text) => child.stdin?.write(text) };
}

/** Wait until `condition()` holds; fail with what the terminal showed if the run ends first or it takes too long. */
async function waitFor(condition: () => boolean, run: TerminalRun, what: string): Promise<void> {
  let ended = false;
  run.exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (ended || Date.now() > deadline)
      throw new Error(`${ended ? "the run ended" : "timed out"} before ${what}:\n${plain(run.screen())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the terminal shows at the end (colours and cursor visibility change nothing there). */
function finalScreen(bytes: string): string[] {
  return terminalScreen(bytes).map((line) => line.trimEnd());
}

function plain(bytes: string): string {
  return finalScreen(bytes).join("\n");
}

const hanging = (log: readonly LoggedRequest[], operation: string) =>
  log.filter((r) => r.operation === operation && r.status === 0).length;

/** Every storage configuration create hangs: both regions' storage rows are in flight at Ctrl-C. */
const HANG_STORAGE: FaultRule = { service: "ivs", operation: "CreateStorageConfiguration", kind: "hang" };

describe.skipIf(skipReason !== undefined)("Ctrl-C on a terminal", () => {
  const handle = useEmulator();

  it("sync: stops writing, redraws the view as it ended, one line, exit 130; the re-run converges", async () => {
    const dir = manifestDir(reliabilityManifest());
    const { emulator } = handle;
    emulator.addFault(HANG_STORAGE);
    const run = inTerminal(["sync", ENV], dir, emulator.url);
    await waitFor(() => hanging(emulator.log, "CreateStorageConfiguration") === 2, run, "both creates hung");
    const writesBefore = emulator.log.filter((r) => r.mutating).length;
    run.type("\x03");
    const { code, screen } = await run.exited;
    const lines = finalScreen(screen);
    const shown = lines.join("\n");

    expect(code, shown).toBe(130);
    // The live view as it ended: done rows with their status, the stopped ones INTERRUPTED.
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(shown).toMatch(new RegExp(`✔ IVS realtime recording bucket\\s+${region}\\s+CREATED`));
      expect(shown).toMatch(
        new RegExp(
          `✖ IVS storage configuration\\s+${region}\\s+INTERRUPTED — interrupted during CreateStorageConfiguration`,
        ),
      );
    }
    expect(shown).not.toMatch(/✔ IVS storage configuration/);
    // Each row once: the view was drawn for good, not left half redrawn.
    expect(lines.filter((line) => /IVS storage configuration\s+us-east-1/.test(line))).toHaveLength(1);
    const interrupted = lines.filter((line) => line.startsWith("Interrupted"));
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]).toMatch(
      /^Interrupted \(Ctrl-C\): \d+ of \d+ steps did not finish; the rest ended as shown\. Run `yolo sync production` again: it converges\.$/,
    );
    // No summary table nor env block after an interrupted run: the view above is what happened.
    expect(shown).not.toContain("AWS_IVS_REGIONS=");
    expect(shown).not.toMatch(/Synced production/);
    // Nothing was written after Ctrl-C.
    expect(emulator.log.filter((r) => r.mutating).length).toBe(writesBefore);

    emulator.clearFaults();
    const again = await yoloRun(handle, dir, "sync", ENV, "--json", "--no-progress");
    expect(again.code, again.stderr).toBe(0);
    expect(again.writes.map((w) => w.operation)).toContain("CreateStorageConfiguration");
    const converged = await yoloRun(handle, dir, "sync", ENV, "--json", "--no-progress");
    expect(converged.code, converged.stderr).toBe(0);
    expect(converged.writes).toEqual([]);
    expect(converged.json().status).toBe("SYNCED");
  });

  it("sync --json: the FAILED document, the interruption its first error on one line, exit 130", async () => {
    const dir = manifestDir(reliabilityManifest());
    const { emulator } = handle;
    emulator.addFault(HANG_STORAGE);
    const out = join(dir, "out.json");
    const run = inTerminal(["sync", ENV, "--json"], dir, emulator.url, ` > ${shellQuote(out)}`);
    await waitFor(() => hanging(emulator.log, "CreateStorageConfiguration") === 2, run, "both creates hung");
    run.type("\x03");
    const { code, screen } = await run.exited;
    expect(code, plain(screen)).toBe(130);
    expect(plain(screen)).toMatch(
      /^Interrupted \(Ctrl-C\): .*Run `yolo sync production` again: it converges\.$/m,
    );

    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.status).toBe("FAILED");
    expect(doc.command).toBe("sync");
    expect(doc.errors[0].message).toMatch(
      /^interrupted \(Ctrl-C\): \d+ of \d+ steps did not finish .*run `yolo sync production` again to converge$/,
    );
    for (const error of doc.errors) expect(error.message).not.toMatch(/\n/);
    const storage = doc.steps.find((s: { id: string }) => s.id === "storage-configuration");
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(storage.regions[region].status).toBe("FAILED");
      expect(storage.regions[region].error).toMatch(/^interrupted during CreateStorageConfiguration/);
    }
    const bucket = doc.steps.find((s: { id: string }) => s.id === "recording-bucket");
    expect(bucket.regions["us-east-1"].status).toBe("CREATED");

    emulator.clearFaults();
    const again = await yoloRun(handle, dir, "sync", ENV, "--json", "--no-progress");
    expect(again.code, again.stderr).toBe(0);
    const converged = await yoloRun(handle, dir, "sync", ENV, "--json", "--no-progress");
    expect(converged.writes).toEqual([]);
  });

  it("a second Ctrl-C exits at once with 130, while a read still hangs", async () => {
    const dir = manifestDir(reliabilityManifest());
    const { emulator } = handle;
    // Reads are not cut by the first Ctrl-C (they change nothing): one that hangs keeps the run open.
    emulator.addFault({ service: "s3", operation: "GetBucketTagging", kind: "hang" });
    const run = inTerminal(["sync", ENV], dir, emulator.url);
    await waitFor(() => hanging(emulator.log, "GetBucketTagging") > 0, run, "a read hung");
    run.type("\x03");
    await new Promise((r) => setTimeout(r, 300));
    expect(run.child.exitCode).toBeNull();
    run.type("\x03");
    const { code, screen } = await run.exited;
    expect(code, plain(screen)).toBe(130);
    expect(plain(screen)).toMatch(
      /^Interrupted again: stopped at once, .*Run `yolo sync production` again: it converges\.$/m,
    );
  });

  it("a read-only run (--dry-run) exits 130 at once with one line", async () => {
    const dir = manifestDir(reliabilityManifest());
    const { emulator } = handle;
    emulator.addFault({ service: "ivs", operation: "ListEncoderConfigurations", kind: "hang" });
    const run = inTerminal(["sync", ENV, "--dry-run"], dir, emulator.url);
    await waitFor(() => hanging(emulator.log, "ListEncoderConfigurations") > 0, run, "a read hung");
    run.type("\x03");
    const { code, screen } = await run.exited;
    expect(code, plain(screen)).toBe(130);
    expect(finalScreen(screen).filter((line) => line.startsWith("Interrupted"))).toEqual([
      "Interrupted: nothing was changed.",
    ]);
    expect(emulator.log.filter((r) => r.mutating)).toEqual([]);
  });
});
