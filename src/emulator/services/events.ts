import { AwsError } from "../errors.js";
import type { EmulatedService } from "../types.js";

// Placeholder until the service is implemented: every request is refused clearly.
export const eventBridgeService: EmulatedService = {
  name: "events",
  identify: () => new AwsError("NotImplemented", "The emulator does not implement events yet", 501),
  handle: () => {
    throw new AwsError("NotImplemented", "The emulator does not implement events yet", 501);
  },
  renderError: (error) => ({ status: error.status, headers: { "content-type": "application/json" }, body: JSON.stringify({ __type: error.code, message: error.message }) }),
};
