/**
 * Ctrl-C as the CLI takes it (cli/interrupt.ts): the watch itself, driven by a fake signal source,
 * and every kind of run that writes — destroy, sync --prune, apply — stopped by the first Ctrl-C
 * in-process (the terminal itself is test/reliability/interrupt.test.ts): exit 130, the FAILED
 * document, the line naming the command that converges, and that command converging.
 */
import { EventEmitter } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Interrupts, watchInterrupts } from "../../src/cli/interrupt.js";
import { IVS_REALTIME_REGIONS } from "../../src/manifest/regions.js";
import { emulatorEnv, manifestDir, runYolo, yoloRun } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { ENV } from "../helpers/manifests.js";
import { reliabilityManifest } from "../reliability/account.js";

function fakeProcess() {
  const source = new EventEmitter();
  const out = { stderr: "", stdout: "", exits: [] as number[] };
  const stream = (key: "stderr" | "stdout") =>
    ({
      write: (text: string) => {
        out[key] += text;
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  const watch = (json = false) =>
    watchInterrupts({
      source: source as unknown as NodeJS.Process,
      stderr: stream("stderr"),
      stdout: stream("stdout"),
      exit: (code) => out.exits.push(code),
      failureDocument: (message) =>
        json ? JSON.stringify({ status: "FAILED", errors: [{ message }] }) : undefined,
    });
  return { source, out, watch, ctrlC: () => source.emit("SIGINT") };
}

describe("watchInterrupts", () => {
  it("with no run that writes, exits 130 at once: nothing was changed", () => {
    const { out, watch, ctrlC } = fakeProcess();
    watch(true);
    ctrlC();
    expect(out.exits).toEqual([130]);
    expect(out.stderr.trim()).toBe("Interrupted: nothing was changed.");
    expect(JSON.parse(out.stdout)).toEqual({
      status: "FAILED",
      errors: [{ message: "Interrupted: nothing was changed." }],
    });
  });

  it("while a run that writes holds it: the first Ctrl-C aborts the run, the second exits 130 at once", () => {
    const { out, watch, ctrlC } = fakeProcess();
    const hold = watch().hold("yolo sync production --local");
    ctrlC();
    expect(hold.signal.aborted).toBe(true);
    expect(out.exits).toEqual([]);
    ctrlC();
    expect(out.exits).toEqual([130]);
    expect(out.stderr).toMatch(
      /Interrupted again: stopped at once, .*Run `yolo sync production --local` again: it converges\./,
    );
  });

  it("after the run let go, exits at once, naming the command that converges", () => {
    const { out, watch, ctrlC } = fakeProcess();
    watch().hold("yolo destroy production --yes").release();
    ctrlC();
    expect(out.exits).toEqual([130]);
    expect(out.stderr.trim()).toBe("Interrupted. Run `yolo destroy production --yes` again: it converges.");
  });

  it("stop() hands Ctrl-C back to the command (yolo emulator)", () => {
    const { source, out, watch, ctrlC } = fakeProcess();
    watch().stop();
    ctrlC();
    expect(out.exits).toEqual([]);
    expect(source.listenerCount("SIGINT")).toBe(0);
  });
});

/** Interrupts for an in-process run: Ctrl-C lands as soon as the emulator sees `operation` (which hangs). */
function ctrlCDuring(handle: ReturnType<typeof useEmulator>, operation: string): Interrupts {
  handle.emulator.addFault({ operation, kind: "hang" });
  return {
    hold() {
      const controller = new AbortController();
      const timer = setInterval(() => {
        if (handle.emulator.log.some((r) => r.operation === operation && r.status === 0)) {
          clearInterval(timer);
          controller.abort();
        }
      }, 5);
      return { signal: controller.signal, release: () => clearInterval(timer) };
    },
    stop() {},
  };
}

describe("Ctrl-C in each kind of run that writes", () => {
  const handle = useEmulator();
  const env = () => emulatorEnv(handle.emulator.url);

  async function synced(): Promise<string> {
    const dir = manifestDir(reliabilityManifest());
    const sync = await yoloRun(handle, dir, "sync", ENV, "--no-progress");
    expect(sync.code, sync.stderr).toBe(0);
    return dir;
  }

  it("destroy --yes: exit 130, the FAILED document; the same destroy then finishes the job", async () => {
    const dir = await synced();
    const run = await runYolo(["destroy", ENV, "--yes", "--json", "--no-progress"], {
      cwd: dir,
      env: env(),
      interrupts: ctrlCDuring(handle, "DeleteBucket"),
    });
    expect(run.code, run.stderr).toBe(130);
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe("FAILED");
    expect(doc.errors[0].message).toMatch(
      /^interrupted \(Ctrl-C\): .*run `yolo destroy production --yes` again/,
    );
    expect(run.stderr).toMatch(
      /^Interrupted \(Ctrl-C\): .*Run `yolo destroy production --yes` again: it converges\.$/m,
    );
    const bucket = doc.steps.find((s: { id: string }) => s.id === "recording-bucket");
    expect(Object.values(bucket.regions).map((r: any) => r.error)).toContain(
      "interrupted during DeleteBucket (AWS may or may not have carried it out)",
    );

    handle.emulator.clearFaults();
    const again = await yoloRun(handle, dir, "destroy", ENV, "--yes", "--json", "--no-progress");
    expect(again.code, again.stderr).toBe(0);
    const nothingLeft = await yoloRun(handle, dir, "destroy", ENV, "--yes", "--json", "--no-progress");
    expect(nothingLeft.writes).toEqual([]);
    expect(nothingLeft.json().status).toBe("SKIPPED");
  });

  it("sync --prune --yes: exit 130, the line names the pruning command", async () => {
    const dir = await synced();
    // us-east-1 dropped from the manifest: its resources are leftovers the prune deletes.
    const pruned = manifestDir(reliabilityManifest(["eu-west-1"]));
    const manifest = join(dir, "yolo.yml");
    writeFileSync(manifest, readFileSync(join(pruned, "yolo.yml")));
    const run = await runYolo(["sync", ENV, "--prune", "--yes", "--no-progress"], {
      cwd: dir,
      env: env(),
      interrupts: ctrlCDuring(handle, "DeleteLogGroup"),
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim()).toMatch(
      /^Interrupted \(Ctrl-C\): .*Run `yolo sync production --prune --yes` again: it converges\.$/,
    );

    handle.emulator.clearFaults();
    const again = await yoloRun(handle, dir, "sync", ENV, "--prune", "--yes", "--no-progress");
    expect(again.code, again.stderr).toBe(0);
    const converged = await yoloRun(handle, dir, "sync", ENV, "--check", "--no-progress");
    expect(converged.code, converged.stdout).toBe(0);
    expect(converged.writes).toEqual([]);
  });

  it("apply: exit 130, and the plan's own sync converges (a plan applies once)", async () => {
    const dir = manifestDir(reliabilityManifest());
    const plan = await yoloRun(handle, dir, "sync", ENV, "--dry-run", "--out", "plan.json", "--no-progress");
    expect(plan.code, plan.stderr).toBe(0);
    const run = await runYolo(["apply", "plan.json", "--no-progress"], {
      cwd: dir,
      env: env(),
      interrupts: ctrlCDuring(handle, "CreateStorageConfiguration"),
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr.trim()).toMatch(/Run `yolo sync production` again: it converges\.$/);

    handle.emulator.clearFaults();
    const again = await yoloRun(handle, dir, "sync", ENV, "--no-progress");
    expect(again.code, again.stderr).toBe(0);
    const converged = await yoloRun(handle, dir, "sync", ENV, "--no-progress");
    expect(converged.writes).toEqual([]);
  });
});

describe("the signal a run that writes holds", () => {
  const handle = useEmulator();

  it("serves every write of a seven-region greenfield sync at once without Node's listener-leak warning", async () => {
    // Every region IVS real-time has: seven.
    const dir = manifestDir(reliabilityManifest([...IVS_REALTIME_REGIONS]));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    try {
      const run = await runYolo(["sync", ENV, "--json", "--no-progress"], {
        cwd: dir,
        env: emulatorEnv(handle.emulator.url),
        interrupts: fakeProcess().watch(true),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).status).toBe("CREATED");
      // Node emits a warning on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
