import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { StatefulStack } from "../infra/stateful-stack.js";
import { StatelessStack } from "../infra/stateless-stack.js";
import { functions } from "../lib/topology/index.js";

/**
 * The CloudFormation limits the CDK app must stay under, measured offline: every template's size (1 MB when
 * deployed from S3), resources (500), parameters (200) and outputs (200), and the dashboard bodies (1 MB each is
 * CloudWatch's ceiling; 500 widgets). Bundling is skipped (stub entries), so it runs in seconds; `npm run synth`
 * builds the same templates with the real bundles. Last line: JSON with the largest of each figure.
 * Usage: npm run bench:templates [-- alarmEmail]
 */
const root = path.join(import.meta.dirname, "..");
const projectRoot = mkdtempSync(path.join(os.tmpdir(), "latchkey-templates-"));
writeFileSync(path.join(projectRoot, "package-lock.json"), "{}\n");
for (const declaration of Object.values(functions)) {
  const entry = path.join(projectRoot, declaration.entry);
  mkdirSync(path.dirname(entry), { recursive: true });
  writeFileSync(entry, "export const handler = async () => ({});\n");
}

const cdkJson = JSON.parse(readFileSync(path.join(root, "cdk.json"), "utf8")) as {
  context: Record<string, unknown>;
};
const context: Record<string, unknown> = { ...cdkJson.context, "aws:cdk:bundling-stacks": [] };
if (process.argv[2]) context.alarmEmail = process.argv[2];
const outdir = path.join(os.tmpdir(), "latchkey-templates.out");
rmSync(outdir, { recursive: true, force: true });
const app = new App({ context, outdir });
const stateful = new StatefulStack(app, "Latchkey-Stateful");
new StatelessStack(app, "Latchkey-Stateless", {
  stateful,
  senderAddress: "no-reply@example.com",
  projectRoot,
  alarmEmail: process.argv[2],
});
const assembly = app.synth();

type Template = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
};
const templates = readdirSync(assembly.directory)
  .filter((file) => file.endsWith(".template.json"))
  .map((file) => {
    const text = readFileSync(path.join(assembly.directory, file), "utf8");
    return {
      file,
      bytes: Buffer.byteLength(JSON.stringify(JSON.parse(text))),
      template: JSON.parse(text) as Template,
    };
  });

console.log(`templates in ${outdir}`);
console.log("template                                                   bytes  resources  params  outputs");
let dashboardBytes = 0;
let widgets = 0;
let alarms = 0;
for (const { file, bytes, template } of templates.sort((a, b) => b.bytes - a.bytes)) {
  const resources = Object.values(template.Resources);
  console.log(
    `${file.slice(0, 56).padEnd(56)} ${String(bytes).padStart(8)} ${String(resources.length).padStart(10)} ${String(
      Object.keys(template.Parameters ?? {}).length,
    ).padStart(7)} ${String(Object.keys(template.Outputs ?? {}).length).padStart(8)}`,
  );
  alarms += resources.filter((r) => r.Type === "AWS::CloudWatch::Alarm").length;
  for (const r of resources.filter((r) => r.Type === "AWS::CloudWatch::Dashboard")) {
    // The body is a Fn::Join of literals and references; its literal part is within a few bytes per reference.
    const body = JSON.stringify(r.Properties?.DashboardBody);
    dashboardBytes = Math.max(dashboardBytes, body.length);
    widgets = Math.max(widgets, (body.match(/\\"type\\":/g) ?? []).length);
  }
}
rmSync(projectRoot, { recursive: true, force: true });
const max = (pick: (t: Template) => number) => Math.max(...templates.map((t) => pick(t.template)));
console.log(
  JSON.stringify({
    templates: templates.length,
    maxTemplateBytes: Math.max(...templates.map((t) => t.bytes)),
    maxResources: max((t) => Object.keys(t.Resources).length),
    maxParameters: max((t) => Object.keys(t.Parameters ?? {}).length),
    maxOutputs: max((t) => Object.keys(t.Outputs ?? {}).length),
    alarms,
    dashboardBodyBytes: dashboardBytes,
    dashboardWidgets: widgets,
  }),
);
