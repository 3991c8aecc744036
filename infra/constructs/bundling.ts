import type { BuildOptions } from "esbuild";

/** Lets the CommonJS dependencies inside an ESM bundle call `require`. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * How every Lambda function is bundled, as esbuild options: `ServiceFunction` passes the same settings to CDK's
 * `NodejsFunction`, and `bench/bundles.ts` builds with these to measure what a function carries. The AWS SDK is
 * bundled (pinned by the lock file); the native argon2 binding is not (it comes from a layer).
 */
export const lambdaBundling = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ["module", "main"],
  banner: { js: ESM_REQUIRE_BANNER },
  external: ["@node-rs/argon2"],
  logLevel: "warning",
} as const satisfies BuildOptions;
