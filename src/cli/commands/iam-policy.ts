import { type CliIO, EXIT_ERROR } from "../io.js";

/** Not built yet: fails clearly instead of pretending. */
export async function iamPolicyCommand(io: CliIO, ..._args: unknown[]): Promise<number> {
  io.stderr.write("yolo: this command is not implemented yet.\n");
  return EXIT_ERROR;
}
