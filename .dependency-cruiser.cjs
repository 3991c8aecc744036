/**
 * The layers of DESIGN.md, enforced (`npm run lint:layers`, part of `npm test`):
 * functions → lib/app → lib/domain; adapters implement ports; nothing imports back up a layer; no import cycles.
 * `test/unit/layers.test.ts` proves each rule fails on a deliberately wrong import.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: split the shared part into its own module.",
      from: { path: "^(lib|functions|infra)/" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "lib/domain holds pure rules: it imports only lib/domain, lib/shared and pure packages (no I/O, no SDK).",
      from: { path: "^lib/domain/" },
      to: {
        pathNot: [
          "^lib/domain/",
          "^lib/shared/",
          "^node_modules/(zod|@zxcvbn-ts)/",
          "^crypto$",
          "^node:crypto$",
        ],
      },
    },
    {
      name: "shared-is-leaf",
      severity: "error",
      comment: "lib/shared holds tiny pure helpers every layer may use: it imports nothing of the project.",
      from: { path: "^lib/shared/" },
      to: { path: "^(lib|functions|infra)/", pathNot: "^lib/shared/" },
    },
    {
      name: "ports-are-interfaces",
      severity: "error",
      comment: "lib/ports declares what use cases need: it imports only lib/domain, lib/shared and zod.",
      from: { path: "^lib/ports/" },
      to: { path: "^(lib|functions|infra)/", pathNot: "^lib/(ports|domain|shared)/" },
    },
    {
      name: "app-uses-ports-not-adapters",
      severity: "error",
      comment:
        "Use cases depend on ports; adapters, the HTTP edge, configuration and entry points are wired in from outside.",
      from: { path: "^lib/app/" },
      to: { path: "^(lib/(adapters|api|endpoints|topology|config)|functions|infra)(/|\\.ts$)" },
    },
    {
      name: "app-no-sdk",
      severity: "error",
      comment: "Use cases never touch the AWS SDK or the environment: they receive ports.",
      from: { path: "^lib/app/" },
      to: { path: "^node_modules/@aws-(sdk|lambda-powertools)/" },
    },
    {
      name: "adapters-no-use-cases",
      severity: "error",
      comment: "Adapters implement ports: they never call a use case or the HTTP edge.",
      from: { path: "^lib/adapters/" },
      to: { path: "^(lib/(app|api|endpoints)|functions|infra)/" },
    },
    {
      name: "no-gatherers-in-functions",
      severity: "error",
      comment:
        "lib/endpoints/index.ts and lib/topology/index.ts gather every endpoint's schemas: a handler, its wiring or an adapter that imports them bundles the whole API. Import the capability's file (or topology/table.ts, email-templates.ts) instead.",
      from: { path: "^(functions|lib/(adapters|app|domain|ports))/" },
      to: { path: "^lib/(endpoints|topology)/index\\.ts$" },
    },
    {
      name: "lib-not-to-entry-points",
      severity: "error",
      comment: "Nothing in lib imports a Lambda entry point or the CDK app.",
      from: { path: "^lib/" },
      to: { path: "^(functions|infra)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|cdk\\.out)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".json"],
    },
  },
};
