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

export interface ExportOptions {
  /**
   * Every resource `DeletionPolicy: Retain`: for handing an environment back to `yolo sync`
   * (update the stacks with it, then delete them, and every resource stays).
   */
  retain?: boolean;
}

/** The templates an environment needs: regional when recording or logging is on, global when MediaConvert is. */
export function exportTemplates(
  config: EnvironmentConfig,
  options: ExportOptions = {},
): Partial<Record<TemplateKind, CfnTemplate>> {
  const regional = regionalTemplate(config);
  const global = globalTemplate(config);
  return {
    ...(regional ? { regional: withDeletionPolicies(regional, options) } : {}),
    ...(global ? { global: withDeletionPolicies(global, options) } : {}),
  };
}

/**
 * Every resource states its DeletionPolicy, because CloudFormation imports only resources that
 * do (an environment moves from `sync` to StackSets by import); `Delete` where the template
 * chose none, which is CloudFormation's default anyway.
 */
function withDeletionPolicies(template: CfnTemplate, options: ExportOptions): CfnTemplate {
  const resources = Object.fromEntries(
    Object.entries(template.Resources).map(([id, resource]) => {
      const policy = options.retain ? "Retain" : (resource.DeletionPolicy ?? "Delete");
      return [id, { ...resource, DeletionPolicy: policy, UpdateReplacePolicy: policy }];
    }),
  );
  return { ...template, Resources: resources };
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
