import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../infra/local/emulators.js";
import { projectRoot } from "../../infra/local/invoke.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { pageClient } from "../integration/pages.js";

/** Pids and command names of every descendant of `pid` (DynamoDB Local is a `java` child of the node process). */
function descendants(pid: number): { pid: number; command: string }[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return [];
  }
  const children = out
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\S+)/.exec(line))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), command: m[2] ?? "" }] : []));
  return children.flatMap((c) => [c, ...descendants(c.pid)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before "${text}":\n${output}`)));
  });
}

describe("npm start (infra/local/main.ts)", () => {
  it("comes up with the demo tenant, serves the API, and leaves no Java process behind on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "infra/local/main.ts",
        "--in-memory",
        "--quiet",
        "--port",
        String(port),
        "--state-dir",
        await mkdtemp(join(tmpdir(), "latchkey-start-")),
      ],
      { cwd: projectRoot, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
    );
    try {
      const output = await waitForOutput(child, "Ctrl-C stops everything.", 110_000);
      expect(output).toContain(`http://127.0.0.1:${port}/v1/openapi.json`);
      const apiKey = /API key\s+(lk\.\S+)/.exec(output)?.[1] ?? "";
      const groups = await fetch(`http://127.0.0.1:${port}/v1/groups?type=class&limit=100`, {
        headers: { "x-api-key": apiKey },
      });
      expect(groups.status).toBe(200);
      expect(((await groups.json()) as { items: unknown[] }).items).toHaveLength(21);

      // The banner's console: its sign-in address and demo sign-in lead to the console's home.
      const signInUrl = /Console\s+(http\S+)/.exec(output)?.[1] ?? "";
      const [, username = "", password = ""] = /sign in as (\S+) \/ (\S+) \(site admin\)/.exec(output) ?? [];
      expect(signInUrl).toBe(`http://127.0.0.1:${port}/sign-in?tenant=oakfield-primary`);
      const browser = pageClient({ apiUrl: `http://127.0.0.1:${port}` } as LocalRuntime);
      const form = await browser.get(new URL(signInUrl).pathname + new URL(signInUrl).search);
      const signedIn = await browser.post("/sign-in", {
        csrf: form.csrf ?? "",
        tenant: "oakfield-primary",
        username,
        password,
      });
      expect(signedIn.location).toBe("/console");
      const home = await browser.get("/console");
      expect(home.status).toBe(200);
      expect(home.text).toContain("Oakfield Primary School");
      expect(home.text).toContain('href="/console/password-tools"');

      const java = descendants(child.pid ?? 0)
        .filter((p) => p.command === "java")
        .map((p) => p.pid);
      expect(java).toHaveLength(1);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(java.filter(alive)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 150_000);
});
