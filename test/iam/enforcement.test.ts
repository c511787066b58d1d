/**
 * The generated policy is enough: with the emulator enforcing it as the caller's only identity
 * policy, every command a user runs on a three-region environment succeeds, from a greenfield
 * account to a full teardown. And it really is enforced: a policy without it fails the same run.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ListEncoderConfigurationsCommand } from "@aws-sdk/client-ivs-realtime";
import { describe, expect, it } from "vitest";
import { policyAuthorizer } from "../../src/emulator/authorize.js";
import { emulatorEnv, runYolo } from "../helpers/cli.js";
import { useEmulator } from "../helpers/emulator.js";
import { fixtureDir, generatedPolicy, MANIFEST, REGIONS } from "./fixture.js";

const handle = useEmulator();

describe("yolo under the policy `yolo iam:policy` printed for it", () => {
  it("syncs a greenfield account, re-syncs, prints env, verifies and destroys everything (exit 0 each)", async () => {
    const dir = fixtureDir();
    const policy = await generatedPolicy(handle.emulator.url, dir, "production");
    handle.emulator.setAuthorizer(policyAuthorizer(policy));
    const env = emulatorEnv(handle.emulator.url);
    const yolo = (...args: string[]) => runYolo([...args, "--json"], { cwd: dir, env });

    const greenfield = await yolo("sync", "production");
    expect(greenfield.stderr).not.toMatch(/AccessDenied/);
    expect(greenfield.code).toBe(0);
    expect(JSON.parse(greenfield.stdout).status).toBe("CREATED");

    const converged = await yolo("sync", "production");
    expect(converged.code).toBe(0);
    expect(JSON.parse(converged.stdout).status).toBe("SYNCED");

    const printed = await yolo("env", "production");
    expect(printed.code).toBe(0);
    expect(Object.keys(JSON.parse(printed.stdout).env).sort()).toEqual([...REGIONS].sort());

    const verified = await yolo("verify", "production");
    expect(verified.stderr).not.toMatch(/AccessDenied/);
    expect(verified.code).toBe(0);

    const teardown = await yolo("destroy", "production", "--yes");
    expect(teardown.code).toBe(0);
    expect(JSON.parse(teardown.stdout).status).toBe("DELETED");
    const after = await yolo("destroy", "production", "--yes");
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).status).toBe("SKIPPED");

    // Every request went through the authorizer, and none was refused.
    const refused = handle.emulator.log.filter((entry) => /AccessDenied/.test(entry.errorCode ?? ""));
    expect(refused).toEqual([]);
  });

  it("a policy without its IVS statements fails the same greenfield sync with AccessDeniedException", async () => {
    const dir = fixtureDir();
    const policy = await generatedPolicy(handle.emulator.url, dir, "production");
    const statements = [policy.Statement].flat().filter((s) => !String(s.Sid).startsWith("Ivs"));
    handle.emulator.setAuthorizer(policyAuthorizer({ ...policy, Statement: statements }));

    const run = await runYolo(["sync", "production", "--json"], {
      cwd: dir,
      env: emulatorEnv(handle.emulator.url),
    });
    expect(run.code).toBe(1);
    const errors = JSON.parse(run.stdout).errors as { step: string; message: string }[];
    expect(errors.map((e) => e.step)).toContain("storage-configuration");
    expect(errors.map((e) => e.message).join("\n")).toMatch(
      /AccessDeniedException.*ivs:ListStorageConfigurations/,
    );
  });

  it("under the --sync-only policy, sync, env and verify run, a changed video is replaced, and destroy is refused", async () => {
    const dir = fixtureDir();
    const policy = await generatedPolicy(handle.emulator.url, dir, "solo", ["--sync-only"]);
    handle.emulator.setAuthorizer(policyAuthorizer(policy));
    const env = emulatorEnv(handle.emulator.url);
    const yolo = (...args: string[]) => runYolo([...args, "--json"], { cwd: dir, env });

    expect((await yolo("sync", "solo")).code).toBe(0);
    expect((await yolo("env", "solo")).code).toBe(0);
    expect((await yolo("verify", "solo")).code).toBe(0);

    // A new video means a new encoder configuration and deleting the old one (IVS's are immutable).
    const changed = MANIFEST.replace(
      /( {2}solo:[\s\S]*?real_time: true\n)/,
      "$1          video: {width: 1920, height: 1080}\n",
    );
    writeFileSync(join(dir, "changed.yml"), changed);
    const replaced = await yolo("sync:recording", "solo", "--manifest", "changed.yml");
    expect(replaced.code).toBe(0);
    const encoder = JSON.parse(replaced.stdout).steps.find(
      (s: { id: string }) => s.id === "encoder-configuration",
    );
    expect(encoder.regions["eu-west-1"].changes.map((c: { attribute: string }) => c.attribute)).toContain(
      "video",
    );
    const ivs = await handle.clients.ivs("eu-west-1");
    const left = await ivs.send(new ListEncoderConfigurationsCommand({}));
    expect(left.encoderConfigurations?.length).toBe(1);

    const teardown = await yolo("destroy", "solo", "--yes");
    expect(teardown.code).toBe(1);
    expect(teardown.stdout).toMatch(/not authorized to perform: (iam|s3|logs|events):\w+/);
  });

  it("with recording off, its policy (no IVS or S3 action) runs sync, env, verify and destroy:logging", async () => {
    const dir = fixtureDir();
    const policy = await generatedPolicy(handle.emulator.url, dir, "events");
    handle.emulator.setAuthorizer(policyAuthorizer(policy));
    const env = emulatorEnv(handle.emulator.url);
    for (const args of [
      ["sync", "events"],
      ["env", "events"],
      ["verify", "events"],
      ["destroy:logging", "events", "--yes"],
      ["destroy:iam", "events", "--yes"],
    ]) {
      const run = await runYolo(args, { cwd: dir, env });
      expect(run.stdout + run.stderr, args.join(" ")).not.toMatch(/not authorized/);
      expect(run.code, args.join(" ")).toBe(0);
    }
  });
});
