import { eventBridgeService } from "./services/events.js";
import { iamService } from "./services/iam.js";
import { ivsRealtimeService } from "./services/ivs.js";
import { logsService } from "./services/logs.js";
import { s3Service } from "./services/s3.js";
import { stsService } from "./services/sts.js";
import type { EmulatedService, EmulatorRequest } from "./types.js";

/**
 * Pick the service by the SigV4 signing name (`ivs` is IVS real-time here: the emulator serves
 * no low-latency IVS, and real-time paths are recognised by the service itself).
 */
const BY_SIGNING_NAME: Record<string, EmulatedService> = {
  s3: s3Service,
  ivs: ivsRealtimeService,
  logs: logsService,
  events: eventBridgeService,
  sts: stsService,
  iam: iamService,
};

export function serviceFor(request: EmulatorRequest): EmulatedService | undefined {
  return BY_SIGNING_NAME[request.signingName];
}
