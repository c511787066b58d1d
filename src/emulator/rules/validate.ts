/**
 * Input validation rules written in the project, one entry per member the emulator checks.
 * A test (test/emulator/model-rules.test.ts) holds every rule against AWS's Smithy models in
 * ../shared/aws-models: each stated constraint must equal the model's.
 *
 * Member paths are dotted from the operation input (`s3.bucketName`, `video.width`); a list
 * element is `[]` (`Targets[].Id`); a map value is `{}` (`tags{}`) and a map key `{key}`.
 */
export interface MemberRule {
  required?: boolean;
  type?:
    | "string"
    | "integer"
    | "long"
    | "float"
    | "double"
    | "boolean"
    | "list"
    | "map"
    | "structure"
    | "timestamp";
  /** String length / list or map size (smithy.api#length). */
  length?: { min?: number; max?: number };
  /** Numeric range (smithy.api#range). */
  range?: { min?: number; max?: number };
  pattern?: string;
  enum?: string[];
}

export type OperationRules = Record<string, MemberRule>;
export type ServiceRules = Record<string, OperationRules>;

export interface RuleViolation {
  path: string;
  message: string;
}

function valuesAt(input: unknown, path: string): { path: string; value: unknown; present: boolean }[] {
  const parts = path.split(".");
  let current: { path: string; value: unknown; present: boolean }[] = [
    { path: "", value: input, present: true },
  ];
  for (const part of parts) {
    const next: typeof current = [];
    const listMatch = part.match(/^(.+)\[\]$/);
    const mapValue = part.match(/^(.+)\{\}$/);
    const mapKey = part.match(/^(.+)\{key\}$/);
    const name = listMatch?.[1] ?? mapValue?.[1] ?? mapKey?.[1] ?? part;
    for (const item of current) {
      if (!item.present || item.value === null || typeof item.value !== "object") continue;
      const child = (item.value as Record<string, unknown>)[name];
      const childPath = item.path ? `${item.path}.${name}` : name;
      if (listMatch) {
        if (Array.isArray(child))
          for (const [i, v] of child.entries())
            next.push({ path: `${childPath}[${i}]`, value: v, present: true });
      } else if (mapValue || mapKey) {
        if (child && typeof child === "object")
          for (const [k, v] of Object.entries(child))
            next.push({ path: `${childPath}.${k}`, value: mapKey ? k : v, present: true });
      } else {
        next.push({ path: childPath, value: child, present: child !== undefined && child !== null });
      }
    }
    current = next;
  }
  return current;
}

/** The first violation of the rules by an input, or undefined when it passes. */
export function validateInput(rules: OperationRules, input: unknown): RuleViolation | undefined {
  for (const [path, rule] of Object.entries(rules)) {
    for (const { path: at, value, present } of valuesAt(input, path)) {
      if (!present) {
        if (rule.required) return { path: at, message: `Member ${at} is required` };
        continue;
      }
      const size =
        typeof value === "string"
          ? [...value].length
          : Array.isArray(value)
            ? value.length
            : value && typeof value === "object"
              ? Object.keys(value).length
              : undefined;
      if (rule.length && size !== undefined) {
        if (rule.length.min !== undefined && size < rule.length.min)
          return {
            path: at,
            message: `Value at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.length.min}`,
          };
        if (rule.length.max !== undefined && size > rule.length.max)
          return {
            path: at,
            message: `Value at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${rule.length.max}`,
          };
      }
      if (rule.range && typeof value === "number") {
        if (rule.range.min !== undefined && value < rule.range.min)
          return {
            path: at,
            message: `Value at '${at}' failed to satisfy constraint: Member must have value greater than or equal to ${rule.range.min}`,
          };
        if (rule.range.max !== undefined && value > rule.range.max)
          return {
            path: at,
            message: `Value at '${at}' failed to satisfy constraint: Member must have value less than or equal to ${rule.range.max}`,
          };
      }
      if (
        (rule.type === "integer" || rule.type === "long") &&
        typeof value === "number" &&
        !Number.isInteger(value)
      )
        return {
          path: at,
          message: `Value at '${at}' failed to satisfy constraint: Member must be an integer`,
        };
      if (
        rule.pattern &&
        typeof value === "string" &&
        !new RegExp(`^(?:${rule.pattern.replace(/^\^/, "").replace(/\$$/, "")})$`, "u").test(value)
      )
        return {
          path: at,
          message: `Value at '${at}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern}`,
        };
      if (rule.enum && typeof value === "string" && !rule.enum.includes(value))
        return {
          path: at,
          message: `Value '${value}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${rule.enum.join(", ")}]`,
        };
    }
  }
  return undefined;
}
