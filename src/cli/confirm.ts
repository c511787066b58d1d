/**
 * The confirmation prompt of a destructive command: the question goes to stderr (stdout stays
 * for results), the answer is one line read from stdin.
 */
import type { CliIO } from "./io.js";

/**
 * Read one line from `stdin` (without its line ending); resolves with what was typed so far
 * when the stream ends first, or `undefined` when nothing at all came.
 */
export function readLine(stdin: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let received = false;
    const finish = (line: string | undefined) => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onError);
      stdin.pause();
      resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      received = true;
      buffered += chunk.toString();
      const newline = buffered.indexOf("\n");
      if (newline >= 0) {
        const rest = buffered.slice(newline + 1);
        finish(buffered.slice(0, newline).replace(/\r$/, ""));
        // Leave what follows the line for whoever reads stdin next.
        if (rest.length > 0) stdin.unshift(Buffer.from(rest));
      }
    };
    const onEnd = () => finish(received ? buffered.replace(/\r$/, "") : undefined);
    const onError = (error: Error) => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      reject(error);
    };
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.on("error", onError);
    stdin.resume();
  });
}

/**
 * Ask `question` on stderr and return true only when the answer, trimmed, is exactly `expected`
 * (the environment name: typing it is a deliberate act, unlike pressing `y`).
 */
export async function confirmByTyping(io: CliIO, question: string, expected: string): Promise<boolean> {
  io.stderr.write(`${question} `);
  const answer = await readLine(io.stdin);
  if (answer === undefined) io.stderr.write("\n");
  return answer?.trim() === expected;
}
