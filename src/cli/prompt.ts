import { createInterface } from "node:readline";

/** Asks questions on a terminal, one answer per line. */
export interface LineReader {
  /** Write the question and resolve to the next line typed (undefined when input has ended). */
  ask(question: string): Promise<string | undefined>;
  /** Stop reading, so the process can exit. */
  close(): void;
}

/**
 * A line reader over `input`, writing questions to `output` (stderr: stdout is for results).
 * Lines typed ahead of a question are kept for it, so piped answers are not lost.
 */
export function createLineReader(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): LineReader {
  // terminal: false leaves echo and line editing to the terminal's own cooked mode.
  const lines = createInterface({ input, terminal: false });
  const typedAhead: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;

  lines.on("line", (line) => {
    const answer = waiting.shift();
    if (answer) answer(line);
    else typedAhead.push(line);
  });
  lines.on("close", () => {
    ended = true;
    for (const answer of waiting.splice(0)) answer(undefined);
  });

  return {
    ask(question) {
      output.write(question);
      if (typedAhead.length > 0) return Promise.resolve(typedAhead.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      lines.close();
    },
  };
}
