import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  applySettings,
  DEFAULT_SETTINGS,
  type EmulatorSettings,
  FaultInjector,
  type FaultRule,
  type LoggedRequest,
} from "./controls.js";
import { AwsError } from "./errors.js";
import { renderJsonRpcError } from "./protocols/json-rpc.js";
import { serviceFor } from "./router.js";
import { deliverEvent } from "./services/events-delivery.js";
import { type EmulatorStore, emptyStore, loadStore, randomId, saveStore } from "./state.js";
import type { EmulatorRequest, EmulatorResponse, ServiceContext } from "./types.js";

export const DEFAULT_ACCOUNT = "000000000000";
/** The prefix of the emulator's own admin API (reset, log, latency, faults, settings, state). */
export const ADMIN_PREFIX = "/_emulator";

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Persist state here (atomic writes after every change); load it at start. */
  stateFile?: string;
  /** Access key id → account id; any other key gets `defaultAccount`. */
  accounts?: Record<string, string>;
  defaultAccount?: string;
  /** Injected latency per request, in ms. */
  latencyMs?: number;
  /** Consistency settings (AWS's propagation delays); all off by default. `reset()` returns to these. */
  settings?: Partial<EmulatorSettings>;
  /**
   * When `stateFile` cannot be written after the start: `serve-from-memory` (the default: one
   * line on stderr, and the changes live on in memory) or `stop` (that request and every later
   * one answer 500 naming the file: an emulator inside a run that ends with it, `--local`, would
   * otherwise report changes it then loses).
   */
  onStateWriteError?: "serve-from-memory" | "stop";
}

/**
 * A hook that may refuse a request before it runs (IAM enforcement of a caller policy).
 * Returns the error to answer with, or undefined to let it through.
 */
export type RequestAuthorizer = (
  request: EmulatorRequest,
  call: { service: string; operation: string },
  store: EmulatorStore,
) => AwsError | undefined;

export interface Emulator {
  url: string;
  port: number;
  store: EmulatorStore;
  /** Every AWS request served since start or the last reset/clearLog, in arrival order. */
  readonly log: LoggedRequest[];
  reset(): void;
  clearLog(): void;
  setLatency(ms: number): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setAuthorizer(authorizer: RequestAuthorizer | undefined): void;
  /** The consistency settings in force. */
  readonly settings: Readonly<EmulatorSettings>;
  /** Change some settings (the others stay); a bad value throws and changes nothing. */
  configure(changes: Partial<EmulatorSettings>): void;
  /** The account an access key id maps to. */
  accountFor(accessKeyId: string): string;
  close(): Promise<void>;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

function parseScope(headers: Record<string, string>, query: URLSearchParams) {
  const match =
    SCOPE.exec(headers.authorization ?? "") ??
    SCOPE.exec(`Credential=${query.get("X-Amz-Credential") ?? ""}`);
  if (!match) return undefined;
  return { accessKeyId: match[1], region: match[3], signingName: match[4] };
}

function decodePath(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  const body = response.body ?? "";
  res.writeHead(response.status, { ...response.headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Start the emulator (on port 0 unless told otherwise) with isolated state. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const stateFile = options.stateFile;
  let store = stateFile ? loadStore(stateFile) : emptyStore();
  const log: LoggedRequest[] = [];
  const faults = new FaultInjector();
  let latencyMs = options.latencyMs ?? 0;
  const initialSettings = applySettings({ ...DEFAULT_SETTINGS }, options.settings ?? {});
  let settings = initialSettings;
  let authorizer: RequestAuthorizer | undefined;
  let seq = 0;
  const hanging = new Set<() => void>();
  // A state file that becomes unwritable after start (disk full, folder removed or made read-only)
  // must not stop the emulator: it says so once on stderr and serves on from memory; a later
  // successful write arms the message again.
  let stateWriteFailing = false;
  /** With `onStateWriteError: "stop"`, why every request is refused from now on. */
  let stopped: AwsError | undefined;
  const stoppedBy = (): AwsError | undefined => stopped;
  /** Write the state file; false when it could not be written. */
  const persist = (): boolean => {
    if (!stateFile) return true;
    try {
      saveStore(stateFile, store);
      stateWriteFailing = false;
      return true;
    } catch (error) {
      if (options.onStateWriteError === "stop") {
        stopped = new AwsError(
          "InternalFailure",
          `The local emulator cannot write its state file ${stateFile} (${(error as Error).message}): the last change was not kept, and it answers nothing more.`,
          500,
        );
        return false;
      }
      if (!stateWriteFailing)
        process.stderr.write(
          `yolo emulator: cannot write state file ${stateFile}: ${(error as Error).message} (serving on; changes are kept in memory only)\n`,
        );
      stateWriteFailing = true;
      return true;
    }
  };
  const defaultAccount = options.defaultAccount ?? DEFAULT_ACCOUNT;
  const accountFor = (accessKeyId: string) => options.accounts?.[accessKeyId] ?? defaultAccount;

  const emulator: Emulator = {
    url: "",
    port: 0,
    get store() {
      return store;
    },
    set store(value: EmulatorStore) {
      store = value;
    },
    log,
    reset() {
      store = emptyStore();
      log.length = 0;
      faults.clear();
      latencyMs = options.latencyMs ?? 0;
      settings = initialSettings;
      authorizer = undefined;
      releaseHanging();
      persist();
    },
    clearLog() {
      log.length = 0;
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    addFault(rule: FaultRule) {
      faults.add(rule);
    },
    clearFaults() {
      faults.clear();
      releaseHanging();
    },
    setAuthorizer(value) {
      authorizer = value;
    },
    get settings() {
      return settings;
    },
    configure(changes) {
      settings = applySettings(settings, changes);
    },
    accountFor,
    close: async () => {
      releaseHanging();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  } as Emulator;

  function releaseHanging() {
    for (const release of hanging) release();
    hanging.clear();
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer) {
    const json = (status: number, value: unknown) =>
      send(res, { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
    // A body that is not a JSON object would otherwise become a fault rule that breaks every request.
    let input: any = {};
    try {
      if (body.length) input = JSON.parse(body.toString());
    } catch {
      input = undefined;
    }
    if (input === null || typeof input !== "object" || Array.isArray(input))
      return json(400, { error: "The admin request body must be a JSON object" });
    const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
    switch (route) {
      case "GET /health":
        return json(200, { ok: true });
      case "POST /reset":
        emulator.reset();
        return json(200, { ok: true });
      case "GET /log":
        return json(200, log);
      case "DELETE /log":
        emulator.clearLog();
        return json(200, { ok: true });
      case "POST /latency":
        emulator.setLatency(Number(input.ms ?? 0));
        return json(200, { ok: true });
      case "POST /faults":
        try {
          emulator.addFault(input as FaultRule);
        } catch (error) {
          return json(400, { error: (error as Error).message });
        }
        return json(200, { ok: true });
      case "GET /settings":
        return json(200, settings);
      case "POST /settings":
        try {
          emulator.configure(input);
        } catch (error) {
          return json(400, { error: (error as Error).message });
        }
        return json(200, settings);
      case "DELETE /faults":
        emulator.clearFaults();
        return json(200, { ok: true });
      case "GET /state":
        return json(200, store);
      default:
        return json(404, { error: `Unknown admin route ${route}` });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const startedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://emulator");
    const body = await readBody(req);
    if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(req, res, url.pathname, body);

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
    const scope = parseScope(headers, url.searchParams);
    if (!scope) {
      return send(
        res,
        renderJsonRpcError(
          new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        ),
      );
    }
    const request: EmulatorRequest = {
      method: req.method ?? "GET",
      rawPath: url.pathname,
      path: decodePath(url.pathname),
      query: url.searchParams,
      headers,
      body,
      region: scope.region,
      signingName: scope.signingName,
      accessKeyId: scope.accessKeyId,
      account: accountFor(scope.accessKeyId),
    };
    const service = serviceFor(request);
    if (!service) {
      return send(
        res,
        renderJsonRpcError(
          new AwsError(
            "UnknownService",
            `The emulator does not serve signing name '${scope.signingName}'`,
            400,
          ),
        ),
      );
    }
    const identified = service.identify(request);
    const operation = identified instanceof AwsError ? "Unknown" : identified.operation;
    const mutating = identified instanceof AwsError ? false : identified.mutating;
    const entry: LoggedRequest = {
      seq: ++seq,
      startedAt,
      endedAt: startedAt,
      service: service.name,
      region: request.region,
      account: request.account,
      operation,
      mutating,
      status: 0,
    };
    log.push(entry);
    // At least the injected latency, measured the way the log measures it (timers may fire a
    // millisecond early).
    const answerAfter = startedAt + latencyMs;
    while (Date.now() < answerAfter) await sleep(answerAfter - Date.now());

    let response: EmulatorResponse;
    const fault =
      identified instanceof AwsError
        ? undefined
        : faults.decide({ service: service.name, region: request.region, operation, mutating });
    if (fault?.kind === "hang") {
      await new Promise<void>((resolve) => hanging.add(resolve));
      res.destroy();
      entry.status = 0;
      entry.endedAt = Date.now();
      return;
    }
    if (stopped) {
      response = service.renderError(stopped, request);
      entry.errorCode = stopped.code;
    } else if (identified instanceof AwsError) {
      response = service.renderError(identified, request);
      entry.errorCode = identified.code;
    } else if (fault) {
      response = service.renderError(new AwsError(fault.code, fault.message, fault.status), request);
      entry.errorCode = fault.code;
      entry.injected = true;
    } else {
      const denied = authorizer?.(request, { service: service.name, operation }, store);
      if (denied) {
        response = service.renderError(denied, request);
        entry.errorCode = denied.code;
      } else {
        const context: ServiceContext = {
          store,
          account: request.account,
          region: request.region,
          now: () => new Date(),
          newId: randomId,
          settings,
          emitEvent: (event, account, region) => {
            deliverEvent(store, account, region, event);
          },
        };
        try {
          response = await service.handle(operation, request, context);
        } catch (error) {
          const awsError =
            error instanceof AwsError
              ? error
              : new AwsError("InternalFailure", `Emulator bug: ${(error as Error).stack ?? error}`, 500);
          response = service.renderError(awsError, request);
          entry.errorCode = awsError.code;
        }
        // persist() may have just stopped the emulator: read `stopped` anew (not narrowed above).
        const lost = mutating && response.status < 300 && !persist() ? stoppedBy() : undefined;
        if (lost) {
          response = service.renderError(lost, request);
          entry.errorCode = lost.code;
        }
      }
    }
    entry.status = response.status;
    entry.endedAt = Date.now();
    send(res, response);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, { status: 500, body: String(error) });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  emulator.port = address.port;
  emulator.url = `http://127.0.0.1:${address.port}`;
  return emulator;
}
