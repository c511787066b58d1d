import { manifestJsonSchema } from "../../manifest/index.js";
import type { CliIO } from "../io.js";

/** `yolo schema`: the JSON Schema of the manifest keys yolo uses, for editors. */
export async function schemaCommand(io: CliIO): Promise<number> {
  io.stdout.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  return 0;
}
