/**
 * `yolo export cloudformation`: the environment's desired state as CloudFormation templates for
 * StackSets (docs/stacksets.md). Pure: the manifest in, templates out, no AWS call.
 */
import type { EnvironmentConfig } from "../manifest/types.js";
import { globalTemplate } from "./global.js";
import { regionalTemplate } from "./regional.js";
import type { CfnTemplate } from "./template.js";

export type TemplateKind = "regional" | "global";
export const TEMPLATE_KINDS: readonly TemplateKind[] = ["regional", "global"];

/** The templates an environment needs: regional when recording or logging is on, global when MediaConvert is. */
export function exportTemplates(config: EnvironmentConfig): Partial<Record<TemplateKind, CfnTemplate>> {
  const regional = regionalTemplate(config);
  const global = globalTemplate(config);
  return { ...(regional ? { regional } : {}), ...(global ? { global } : {}) };
}

/** The file a template is written to with `--out DIR`: `yolo-{env}-{app}-{kind}.{yaml|json}`. */
export function templateFileName(
  config: EnvironmentConfig,
  kind: TemplateKind,
  format: "yaml" | "json",
): string {
  return `yolo-${config.environment}-${config.app}-${kind}.${format}`;
}

export { renderTemplate, TEMPLATE_FORMATS, type TemplateFormat } from "./render.js";
export type { CfnTemplate } from "./template.js";
