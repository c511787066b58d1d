/**
 * Errors that end a command before it has a result (bad manifest, wrong account, no
 * credentials…), told so a person can act on them: what was wrong, where, what to do.
 * Nothing secret is ever printed.
 */
import {
  describeAwsError,
  errorName,
  httpStatus,
  isPendingVerification,
  PENDING_VERIFICATION_MESSAGE,
} from "../aws-semantics/errors.js";
import { classifyError } from "../errors/yolo-error.js";
import { singleLine } from "./json.js";

export interface FormatErrorOptions {
  /** Add the stack of an unexpected error (YOLO_DEBUG). */
  debug?: boolean;
  /** The environment the command ran for, when known: the hints name it. */
  environment?: string;
}

const NOTHING_CHANGED = "Nothing was changed.";
const TRY_LOCAL = "run with --local to try yolo without an account";

/** The text to print on stderr for an error that ended the command. */
export function formatError(error: unknown, options: FormatErrorOptions = {}): string {
  return redactSecrets(describe(error, options));
}

/** One entry of a `--json` document's `errors`: a one-line message, and for a manifest problem its fields. */
export interface ErrorEntry {
  message: string;
  [field: string]: unknown;
}

/**
 * The `errors` of the `--json` document of a command that could not start: one entry per
 * manifest problem, with the fields `validate --json` gives (`file`, `line`, `column`, `path`,
 * `found`, `allowed`) and `message` as one line the way stderr tells it; else one entry.
 */
export function errorEntries(error: unknown, options: FormatErrorOptions = {}): ErrorEntry[] {
  const list =
    error !== null && typeof error === "object" ? (error as { errors?: unknown }).errors : undefined;
  const problems = hasFormat(error) && !Array.isArray(list) ? [error] : Array.isArray(list) ? list : [];
  if (problems.length === 0 || !problems.every(hasFormat))
    return [{ message: singleLine(formatError(error, options)) }];
  return problems.map((problem) => ({
    ...fieldsOf(problem),
    message: singleLine(formatError(problem, options)),
  }));
}

/** A manifest problem's plain fields (`toJSON`), secrets redacted like the message. */
function fieldsOf(problem: object): Record<string, unknown> {
  const toJSON = (problem as { toJSON?: () => unknown }).toJSON;
  const fields = typeof toJSON === "function" ? toJSON.call(problem) : undefined;
  if (fields === null || typeof fields !== "object") return {};
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      typeof value === "string" ? redactSecrets(value) : value,
    ]),
  );
}

function describe(error: unknown, options: FormatErrorOptions): string {
  if (error === null || typeof error !== "object") return `yolo: ${String(error)}`;
  // Manifest errors (and lists of them) know how to say where they are.
  if (hasFormat(error)) return error.format();
  const list = (error as { errors?: unknown }).errors;
  if (Array.isArray(list) && list.length > 0 && list.every(hasFormat))
    return list.map((e) => e.format()).join("\n\n");

  const name = errorName(error) ?? "";
  const message = (error as { message?: unknown }).message;
  const text = typeof message === "string" ? message : String(error);

  // yolo's own errors are written for the person who ran the command: told as they are.
  if (classifyError(error).kind === "user") return text;
  // Before the credentials cases: the account is the problem, not who signs the request.
  if (isPendingVerification(error)) return PENDING_VERIFICATION_MESSAGE;
  const credentials = describeCredentialsError(name, text);
  if (credentials) return credentials;
  const awsCredentials = describeRejectedCredentials(error, name, options.environment);
  if (awsCredentials) return awsCredentials;
  const system = describeSystemError(error);
  if (system) return system;
  if (httpStatus(error) !== undefined) return `AWS refused the request: ${describeAwsError(error)}`;

  // What is left is neither yolo's own refusal nor AWS's answer: a bug.
  const stack = options.debug && error instanceof Error && error.stack ? `\n${error.stack}` : "";
  return (
    `yolo: unexpected error: ${text}\n` +
    `This is a bug in yolo; please report it with the command you ran (set YOLO_DEBUG=1 to see where it happened).${stack}`
  );
}

function hasFormat(value: unknown): value is { format(): string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { format?: unknown }).format === "function"
  );
}

/** The SDK could not find or load credentials (no chain entry, unknown profile, expired SSO). */
function describeCredentialsError(name: string, message: string): string | undefined {
  const sso = /SSO session .*(expired|invalid)|Token is expired|sso login/i.test(message);
  if (sso || (name === "TokenProviderError" && /expired/i.test(message))) {
    const profile = profileIn(message);
    return `Your AWS SSO session has expired. Run \`aws sso login${profile ? ` --profile ${profile}` : ""}\` and try again. ${NOTHING_CHANGED}`;
  }
  if (name !== "CredentialsProviderError" && !/Could not (load|resolve) credentials/i.test(message))
    return undefined;
  const profile = profileIn(message);
  // A profile yolo chose (--profile, YOLO_<ENV>_AWS_PROFILE) is told by aws/session.ts, naming
  // where it came from; one that reaches here is the SDK's own choice, from AWS_PROFILE.
  if (profile) {
    return (
      `The AWS profile "${profile}" was not found or has no usable credentials (in ~/.aws/config or ~/.aws/credentials). ` +
      `Check the name AWS_PROFILE gives, or pass --profile NAME, or ${TRY_LOCAL}. ${NOTHING_CHANGED}`
    );
  }
  return `No AWS credentials found. Set AWS_PROFILE, pass --profile, or ${TRY_LOCAL}. ${NOTHING_CHANGED}`;
}

function profileIn(message: string): string | undefined {
  return (
    /profile:? \[([^\]]+)\]/i.exec(message)?.[1] ??
    /profile "?([\w.@-]+)"? could not be found/i.exec(message)?.[1]
  );
}

/** AWS received the request and rejected who made it. */
function describeRejectedCredentials(error: unknown, name: string, environment?: string): string | undefined {
  switch (name) {
    case "ExpiredToken":
    case "ExpiredTokenException":
    case "RequestExpired":
      return `Your AWS credentials have expired (${name}). Refresh them (for SSO: \`aws sso login\`) and try again. ${NOTHING_CHANGED}`;
    case "InvalidClientTokenId":
    case "UnrecognizedClientException":
    case "InvalidAccessKeyId":
      return `AWS does not recognise these credentials' access key (${name}). Check AWS_PROFILE / --profile, or ${TRY_LOCAL}. ${NOTHING_CHANGED}`;
    case "SignatureDoesNotMatch":
      return `AWS rejected the request signature (SignatureDoesNotMatch): the secret access key does not belong to the access key id. Check your credentials. ${NOTHING_CHANGED}`;
    case "AccessDenied":
    case "AccessDeniedException":
      return (
        `AWS denied the request: ${describeAwsError(error)}.\n` +
        (environment
          ? `\`yolo iam:policy ${environment}\` prints the least-privilege policy yolo needs for ${environment}.`
          : "`yolo iam:policy <env>` prints the least-privilege policy yolo needs for an environment.")
      );
    default:
      return undefined;
  }
}

/** A file the command needed could not be read or written. */
function describeSystemError(error: unknown): string | undefined {
  const { code, path } = error as { code?: unknown; path?: unknown };
  if (typeof code !== "string" || typeof path !== "string") return undefined;
  switch (code) {
    case "ENOENT":
      return `${path}: no such file or directory.`;
    case "EACCES":
    case "EPERM":
      return `${path}: permission denied.`;
    case "EISDIR":
      return `${path}: is a directory, not a file.`;
    default:
      return `${path}: ${(error as Error).message ?? code}`;
  }
}

/**
 * Mask anything shaped like a secret: secret access keys and session tokens (by name or by
 * shape) and the middle of access key ids. ARNs, names, regions and account ids are not secrets.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(
      /((?:aws_)?(?:secret_?access_?key|session_?token|security_?token|secretAccessKey|sessionToken|password|X-Amz-Security-Token|X-Amz-Signature|Signature)["']?\s*[=:]\s*["']?)([^\s"'&,;]+)/gi,
      "$1****",
    )
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12}([A-Z0-9]{4})\b/g, "$1…$2")
    .replace(
      /(^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
      (match, before: string, candidate: string) =>
        // A secret access key is 40 random base64 characters: mixed case, unlike a hex digest.
        /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) ? `${before}****` : match,
    );
}
