import type { Access } from "../../lib/topology/function-declarations.js";

/**
 * A port a use case's type names but this function never calls on its paths, and is not granted (e.g. the secret
 * box of a notice email that carries no secret). Its adapter and SDK client stay out of the bundle; a call would
 * be a bug, and fails with the missing grant in the message.
 */
export function notGranted<T extends object>(port: string, access: Access): T {
  return new Proxy({} as T, {
    get: (_target, method) =>
      method === "then"
        ? undefined
        : () => {
            throw new Error(
              `${port}.${String(method)} is not available: this function is not granted ${access}`,
            );
          },
  });
}
