/**
 * Side-effect hooks for IVS compositions: the registry other emulator modules use to make a
 * composition do something (write recordings into S3, deliver `IVS Composition State Change`
 * events) without the IVS service knowing about it.
 *
 * Usage: push a function onto `compositionHooks.onStart` or `compositionHooks.onStop`, once, at
 * module load. Hooks run synchronously, in registration order, inside the request that caused the
 * change:
 * - `onStart` after StartComposition has stored a new composition (headed for ACTIVE, every
 *   destination ACTIVE with its `recordingPrefix`; still STARTING to callers while
 *   `compositionStartMs` lasts), before the response is sent;
 * - `onStop` at StopComposition, or DeleteStage stopping the stage's compositions: the record is
 *   already marked STOPPED, with `endTime` set on it and its destinations, though callers see it
 *   STOPPING while `compositionStopMs` lasts (why the hooks run then and not at the end of the
 *   window: `stopCompositionRecord`, ivs-compositions.ts).
 * A hook may change the composition record it is given (e.g. mark a destination FAILED); a hook that
 * throws fails the request with a 500, like any emulator bug. Look up the configurations a
 * destination names with `findStorageConfiguration` / `findEncoderConfiguration` (ivs-store.ts).
 */
import type { EmulatorStore } from "../state.js";
import type { CompositionRecord } from "./ivs-store.js";

export interface CompositionHookContext {
  store: EmulatorStore;
  account: string;
  region: string;
  composition: CompositionRecord;
  now: Date;
  /** The server's event sink (EventBridge delivery), when it offers one. */
  emitEvent?: (event: Record<string, unknown>, account: string, region: string) => void;
}

export type CompositionHook = (context: CompositionHookContext) => void;

export const compositionHooks = {
  onStart: [] as CompositionHook[],
  onStop: [] as CompositionHook[],
};

export function runCompositionHooks(hooks: CompositionHook[], context: CompositionHookContext): void {
  for (const hook of hooks) hook(context);
}
