import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { AssetHashType, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

const require = createRequire(import.meta.url);

const PACKAGE = "@node-rs/argon2";
/** Lambda runs x86_64 on Amazon Linux (glibc), so this is the only binding the layer needs. */
const BINDING = "@node-rs/argon2-linux-x64-gnu";
const LAYER_ID = "Argon2Layer";

type PackageJson = { version: string; optionalDependencies?: Record<string, string> };

/**
 * `@node-rs/argon2` and its native linux-x64-gnu binding as a Lambda layer (`nodejs/node_modules/...`), shared by
 * every function declared with `argon2: true`. Native code cannot be bundled by esbuild, so those functions keep
 * the package external and load it from the layer.
 *
 * The layer content is assembled by local bundling (a plain copy of the installed packages), so it honours
 * `aws:cdk:bundling-stacks` like the functions do, and a missing binding fails synthesis only when the layer is
 * actually built.
 */
export class Argon2Layer extends Construct {
  /** The stack's one argon2 layer, created on first use. */
  static of(scope: Construct): lambda.ILayerVersion {
    // One layer for the whole app's stack, also when the function sits in a nested stack.
    let stack = Stack.of(scope);
    while (stack.nestedStackParent) stack = stack.nestedStackParent;
    const existing = stack.node.tryFindChild(LAYER_ID);
    return (existing instanceof Argon2Layer ? existing : new Argon2Layer(stack, LAYER_ID)).layer;
  }

  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const packageDir = path.dirname(require.resolve(`${PACKAGE}/package.json`));

    this.layer = new lambda.LayerVersion(this, "Layer", {
      description: `${PACKAGE} ${readPackageJson(packageDir).version} with its ${BINDING} binding`,
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      compatibleArchitectures: [lambda.Architecture.X86_64],
      code: lambda.Code.fromAsset(packageDir, {
        // Hash what ships (package and binding), not just the package directory the copy starts from.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Required by the API; never used because local bundling always succeeds or throws.
          image: lambda.Runtime.NODEJS_22_X.bundlingImage,
          local: {
            tryBundle(outputDir) {
              copyArgon2(packageDir, outputDir);
              return true;
            },
          },
        },
      }),
    });
  }
}

function copyArgon2(packageDir: string, outputDir: string): void {
  const manifest = readPackageJson(packageDir);
  const expectedVersion = manifest.optionalDependencies?.[BINDING] ?? manifest.version;
  const bindingDir = findBinding(packageDir);
  if (!bindingDir) {
    throw new Error(
      `${BINDING} is not installed, so the argon2 Lambda layer cannot be built. npm installs it only on ` +
        `linux-x64 (glibc); on another platform run: npm install --no-save --force ${BINDING}@${expectedVersion}`,
    );
  }
  const bindingVersion = readPackageJson(bindingDir).version;
  if (bindingVersion !== expectedVersion) {
    throw new Error(
      `${BINDING} ${bindingVersion} does not match ${PACKAGE} ${manifest.version} (expects ${expectedVersion}); ` +
        "reinstall dependencies",
    );
  }

  const target = path.join(outputDir, "nodejs", "node_modules");
  mkdirSync(target, { recursive: true });
  cpSync(packageDir, path.join(target, ...PACKAGE.split("/")), { recursive: true, dereference: true });
  cpSync(bindingDir, path.join(target, ...BINDING.split("/")), { recursive: true, dereference: true });
}

/** Resolves the binding the way the package itself does: from the package's own location. */
function findBinding(packageDir: string): string | undefined {
  try {
    const fromPackage = createRequire(path.join(packageDir, "package.json"));
    const dir = path.dirname(fromPackage.resolve(`${BINDING}/package.json`));
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
}
