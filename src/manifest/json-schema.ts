import { manifestShape, type Shape } from "./schema.js";

/** A JSON Schema document (draft-07), as plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft-07) of the manifest keys yolo uses, for editors
 * (`# yaml-language-server: $schema=…`), generated from the same description the validator
 * reads. Unknown keys are allowed outside `aws.ivs` (other yolo features keep their own keys
 * there) and refused inside it. Rules that span keys (width × height, buckets per configured
 * region, derived name lengths) are checked by `yolo validate` only.
 */
export function manifestJsonSchema(): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "yolo.yml",
    ...toJsonSchema(manifestShape),
  };
}

function toJsonSchema(shape: Shape): JsonSchema {
  const common = shape.description ? { description: shape.description } : {};
  switch (shape.type) {
    case "string":
      return compact({
        type: "string",
        ...common,
        enum: shape.enum ? [...shape.enum] : undefined,
        pattern: shape.pattern?.source,
        minLength: shape.minLength,
        maxLength: shape.maxLength,
      });
    case "boolean":
      return compact({ type: "boolean", ...common, default: shape.default });
    case "integer":
    case "number":
      return compact({
        type: shape.type,
        ...common,
        enum: shape.enum ? [...shape.enum] : undefined,
        minimum: shape.minimum,
        maximum: shape.maximum,
        multipleOf: shape.multipleOf,
        default: shape.default,
      });
    case "list":
      return compact({
        type: "array",
        ...common,
        items: toJsonSchema(shape.items),
        minItems: shape.minItems,
        uniqueItems: shape.uniqueItems,
      });
    case "map":
      return compact({
        type: "object",
        ...common,
        properties: Object.fromEntries(
          Object.entries(shape.properties).map(([key, value]) => [key, toJsonSchema(value)]),
        ),
        required: shape.required?.length ? [...shape.required] : undefined,
        additionalProperties: !shape.closed,
      });
    case "record": {
      const { description: _, ...keys } = toJsonSchema(shape.keys);
      return compact({
        type: "object",
        ...common,
        propertyNames: keys,
        additionalProperties: toJsonSchema(shape.values),
        minProperties: shape.minEntries,
      });
    }
    case "either":
      return { ...common, oneOf: shape.options.map(toJsonSchema) };
  }
}

function compact(schema: Record<string, unknown>): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}
