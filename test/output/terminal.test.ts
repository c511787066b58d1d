import { describe, expect, it } from "vitest";
import { detectOutputMode } from "../../src/output/terminal.js";

const terminal = { stdoutIsTTY: true, stderrIsTTY: true, env: {}, noProgress: false, json: false };

describe("detectOutputMode", () => {
  it("on a terminal: colour and a live view", () => {
    expect(detectOutputMode(terminal)).toEqual({ color: true, progressColor: true, progress: "live" });
  });

  it("NO_COLOR, whatever its value, turns colour off but keeps the live view", () => {
    for (const value of ["1", "", "false"]) {
      const mode = detectOutputMode({ ...terminal, env: { NO_COLOR: value } });
      expect(mode.color).toBe(false);
      expect(mode.progressColor).toBe(false);
      expect(mode.progress).toBe("live");
    }
  });

  it("--json: no colour, progress still on stderr", () => {
    expect(detectOutputMode({ ...terminal, json: true })).toEqual({
      color: false,
      progressColor: false,
      progress: "live",
    });
  });

  it("piped: no colour, plain progress lines", () => {
    expect(detectOutputMode({ ...terminal, stdoutIsTTY: false, stderrIsTTY: false })).toEqual({
      color: false,
      progressColor: false,
      progress: "plain",
    });
    // Results piped to a file while watching the terminal: live progress, plain results.
    expect(detectOutputMode({ ...terminal, stdoutIsTTY: false })).toMatchObject({
      color: false,
      progress: "live",
    });
  });

  it("in CI: plain progress lines even on a pseudo-terminal", () => {
    expect(detectOutputMode({ ...terminal, env: { CI: "true" } }).progress).toBe("plain");
    expect(detectOutputMode({ ...terminal, env: { CI: "1" } }).progress).toBe("plain");
    expect(detectOutputMode({ ...terminal, env: { CI: "false" } }).progress).toBe("live");
  });

  it("--no-progress: none, wherever it runs", () => {
    expect(detectOutputMode({ ...terminal, noProgress: true }).progress).toBe("none");
    expect(
      detectOutputMode({ ...terminal, stderrIsTTY: false, env: { CI: "true" }, noProgress: true }).progress,
    ).toBe("none");
  });

  it("TERM=dumb cannot redraw or colour", () => {
    expect(detectOutputMode({ ...terminal, env: { TERM: "dumb" } })).toEqual({
      color: false,
      progressColor: false,
      progress: "plain",
    });
  });
});
