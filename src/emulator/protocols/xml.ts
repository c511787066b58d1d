/**
 * Writing and reading the XML that the REST-XML and Query protocols carry.
 */
import { XMLParser } from "fast-xml-parser";

/** Escape text for XML content or attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** `<tag>content</tag>`; string content is escaped, arrays are joined, undefined is left out. */
export function el(tag: string, content: string | number | boolean | undefined | null | string[]): string {
  if (content === undefined || content === null) return "";
  if (Array.isArray(content)) return `<${tag}>${content.join("")}</${tag}>`;
  return `<${tag}>${typeof content === "string" ? escapeXml(content) : String(content)}</${tag}>`;
}

/** Raw (already-XML) children inside `<tag>`. */
export function raw(tag: string, ...children: string[]): string {
  return `<${tag}>${children.join("")}</${tag}>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

/**
 * Parse an XML request body into plain objects. Every value stays a string; an element that
 * occurs once is an object, several times an array: use `asArray` where a list is expected.
 */
export function parseXml(body: Buffer | string): Record<string, any> {
  const text = body.toString();
  if (text.trim() === "") return {};
  return parser.parse(text, true) as Record<string, any>;
}

/** A parsed element as a list: absent or empty → `[]`, one → `[it]`. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null || (value as unknown) === "") return [];
  return Array.isArray(value) ? value : [value];
}
