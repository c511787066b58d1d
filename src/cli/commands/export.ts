/**
 * `yolo export cloudformation <env>`: the environment's CloudFormation templates for StackSets
 * (docs/stacksets.md), printed, or written to `--out DIR`. Reads only the manifest: no AWS call.
 */

import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { UserError } from "../../errors/yolo-error.js";
import {
  type CfnTemplate,
  exportTemplates,
  renderTemplate,
  TEMPLATE_FORMATS,
  TEMPLATE_KINDS,
  type TemplateFormat,
  type TemplateKind,
  templateFileName,
} from "../../export/index.js";
import { loadEnvironment } from "../config.js";
import { type CliIO, EXIT_OK } from "../io.js";

export const EXPORT_TARGETS = ["cloudformation"] as const;

export interface ExportCommandOptions {
  manifest?: string;
  format?: string;
  out?: string;
  template?: string;
  retain?: boolean;
}

export async function exportCommand(
  io: CliIO,
  target: string,
  environment: string,
  options: ExportCommandOptions,
): Promise<number> {
  if (!(EXPORT_TARGETS as readonly string[]).includes(target))
    throw new UserError(`yolo export knows ${EXPORT_TARGETS.join(", ")}, not "${target}".`);
  const format = oneOf<TemplateFormat>(options.format ?? "yaml", TEMPLATE_FORMATS, "--format");
  const only = options.template
    ? oneOf<TemplateKind>(options.template, TEMPLATE_KINDS, "--template")
    : undefined;
  const config = await loadEnvironment(options.manifest, environment, io.cwd);
  const all = exportTemplates(config, { retain: options.retain === true });
  const templates = TEMPLATE_KINDS.filter((kind) => (only ? kind === only : true)).flatMap((kind) => {
    const template = all[kind];
    return template ? [[kind, template] as [TemplateKind, CfnTemplate]] : [];
  });
  if (templates.length === 0)
    throw new UserError(
      only
        ? `Environment ${environment} has no ${only} template: ${only === "global" ? "aws.mediaconvert is off" : "neither recording nor logging is on"}.`
        : `Environment ${environment} turns on neither aws.ivs nor aws.mediaconvert: there is nothing to export.`,
    );

  if (options.out) {
    await mkdir(options.out, { recursive: true });
    for (const [kind, template] of templates) {
      const file = join(options.out, templateFileName(config, kind, format));
      await writeFile(file, renderTemplate(template, format));
      io.stdout.write(`${kind} template: ${relative(io.cwd, file) || file}\n`);
    }
    return EXIT_OK;
  }
  if (format === "json") {
    const body = templates.length === 1 ? templates[0][1] : Object.fromEntries(templates);
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stdout.write(
    templates
      .map(
        ([kind, template]) =>
          `# ${kind} template (${templateFileName(config, kind, format)})\n${renderTemplate(template, format)}`,
      )
      .join("---\n"),
  );
  return EXIT_OK;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`${option} takes ${allowed.join(" or ")}, not "${value}".`);
}
