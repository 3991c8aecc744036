import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { seedDemoTenant } from "../infra/local/seed.js";
import { assets } from "../lib/api/assets.js";
import { startBenchRuntime } from "./local.js";

/**
 * The console's pages on the demo school (Oakfield: 7 year groups, 21 classes, 588 pupils), as its site admin sees
 * them: signs in on the sign-in page, follows the console's links from the home page (one page per address, ids and
 * query strings aside), then fetches each page `--samples` times (default 20) one after another. Prints each page's
 * time to the full answer (p50/p95, through the local gateway and the real handler on DynamoDB Local) and its bytes
 * (HTML as sent, and gzipped as a CDN would send it), and the stylesheet's and script's (fetched once, then cached
 * for a year). The last line is JSON.
 */
const { values } = parseArgs({ options: { samples: { type: "string", default: "20" } } });
const samples = Number(values.samples);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const round = (n: number) => Math.round(n * 10) / 10;

const runtime = await startBenchRuntime();
const jar = new Map<string, string>();
async function request(path: string, form?: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: {
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      "accept-encoding": "identity",
      ...(form && { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" }),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const [name = "", value = ""] = pair.split("=");
    jar.set(name, value);
  }
  return { status: response.status, location: response.headers.get("location"), body, ms };
}

try {
  const demo = await seedDemoTenant(runtime.deps(), await mkdtemp(join(tmpdir(), "latchkey-bench-console-")));
  const admin = demo.users[0]?.username ?? "admin";
  const form = await request(`/sign-in?tenant=${demo.tenantId}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.body.toString())?.[1] ?? "";
  const signedIn = await request("/sign-in", {
    csrf,
    tenant: demo.tenantId,
    username: admin,
    password: demo.password,
  });
  if (signedIn.location !== "/console")
    throw new Error(`sign-in answered ${signedIn.status} ${signedIn.location}`);

  // The pages: one per address shape (a user's page once, not 600 times).
  const shape = (path: string) =>
    path.split("?")[0]?.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "{id}") ??
    path;
  const pages = new Map<string, string>();
  const queue = ["/console"];
  while (queue.length > 0 && pages.size < 60) {
    const path = queue.shift() as string;
    if (pages.has(shape(path))) continue;
    const answer = await request(path);
    if (answer.status !== 200) continue;
    pages.set(shape(path), path);
    for (const [, href = ""] of answer.body.toString().matchAll(/href="([^"]*)"/g)) {
      const address = href.replaceAll("&amp;", "&");
      if (/^\/(console|account|security-keys)(\/|$)/.test(address) && !pages.has(shape(address)))
        queue.push(address);
    }
  }

  const results = [];
  for (const [name, path] of pages) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples; i++) {
      const answer = await request(path);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
      times.push(answer.ms);
      bytes = answer.body.length;
      if (i === 0) {
        const gzipped = gzipSync(answer.body).length;
        results.push({ page: name, p50: 0, p95: 0, bytes, gzipBytes: gzipped });
      }
    }
    const sorted = times.sort((a, b) => a - b);
    const row = results[results.length - 1] as (typeof results)[number];
    row.p50 = round(percentile(sorted, 50));
    row.p95 = round(percentile(sorted, 95));
    row.bytes = bytes;
  }
  const assetBytes = {
    stylesheet: Buffer.byteLength(assets.stylesheet.body),
    script: Buffer.byteLength(assets.script.body),
    scriptGzip: gzipSync(assets.script.body).length,
  };
  console.log(
    `Console pages on the demo school, ${samples} samples each (ms to the full answer; bytes of HTML):`,
  );
  for (const r of results) {
    console.log(
      `  ${r.page.padEnd(48)} p50 ${String(r.p50).padStart(6)}  p95 ${String(r.p95).padStart(6)}  ${String(r.bytes).padStart(7)} B  (${r.gzipBytes} B gzipped)`,
    );
  }
  console.log(
    `  assets, once per browser: stylesheet ${assetBytes.stylesheet} B, script ${assetBytes.script} B (${assetBytes.scriptGzip} B gzipped)`,
  );
  const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a), results[0] as (typeof results)[number]);
  const largest = results.reduce(
    (a, b) => (b.bytes > a.bytes ? b : a),
    results[0] as (typeof results)[number],
  );
  console.log(
    JSON.stringify({
      bench: "console-pages",
      samples,
      pages: results.length,
      worstP95: { page: worst.page, ms: worst.p95 },
      largest: { page: largest.page, bytes: largest.bytes, gzipBytes: largest.gzipBytes },
      assets: assetBytes,
      results,
    }),
  );
} finally {
  await runtime.stop();
}
