import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Size of each Lambda bundle in `cdk.out` (run `npx cdk synth` first). Last line: JSON {function: bytes}.
 */
const out = join(import.meta.dirname, "..", "cdk.out");
const template = JSON.parse(await readFile(join(out, "Latchkey-Stateless.template.json"), "utf8")) as {
  Resources: Record<
    string,
    { Type: string; Metadata?: Record<string, string>; Properties?: { Description?: string } }
  >;
};
/** Bytes of code Lambda loads (`index.mjs`); the source map is shipped beside it for stack traces. */
const sizes: Record<string, number> = {};
const maps: Record<string, number> = {};
for (const [id, resource] of Object.entries(template.Resources)) {
  const assetPath = resource.Metadata?.["aws:asset:path"];
  if (resource.Type !== "AWS::Lambda::Function" || !assetPath) continue;
  const dir = join(out, assetPath);
  const name = id.replace(/Function[0-9A-F]{8}$/, "");
  for (const file of await readdir(dir)) {
    const bytes = (await stat(join(dir, file))).size;
    if (file.endsWith(".map")) maps[name] = (maps[name] ?? 0) + bytes;
    else sizes[name] = (sizes[name] ?? 0) + bytes;
  }
}
for (const [name, bytes] of Object.entries(sizes).sort((a, b) => b[1] - a[1])) {
  const map = ((maps[name] ?? 0) / 1024).toFixed(0);
  console.log(
    `${name.padEnd(24)} ${(bytes / 1024).toFixed(0).padStart(6)} KiB code  (+${map} KiB source map)`,
  );
}
console.log(JSON.stringify(sizes));
