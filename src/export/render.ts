/** A template as text: YAML (long-form intrinsics, so any YAML reader takes it) or JSON. */
import { stringify } from "yaml";
import type { CfnTemplate } from "./template.js";

export type TemplateFormat = "yaml" | "json";
export const TEMPLATE_FORMATS: readonly TemplateFormat[] = ["yaml", "json"];

export function renderTemplate(template: CfnTemplate, format: TemplateFormat): string {
  if (format === "json") return `${JSON.stringify(template, null, 2)}\n`;
  // No anchors or aliases; YAML 1.1 quotes what a 1.1 reader would take for a date or a boolean (2010-09-09, yes).
  return stringify(template, { aliasDuplicateObjects: false, lineWidth: 0, version: "1.1" });
}
