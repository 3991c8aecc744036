/** The shape of a function declaration and the helpers the topology declares functions with. */
export type Access =
  | "table:read"
  | "table:write"
  | "queue:fanout:send"
  | "queue:work:send"
  | "queue:email:send"
  | "ses:send"
  /** Create and update the deployment's SES templates (tenants' layouts). */
  | "ses:templates"
  | "secret:pepper"
  | "secret:session"
  /** Seal and open secrets (temporary passwords, job keys): KMS GenerateDataKey and Decrypt on the data key. */
  | "kms:data-key";

export type FunctionDeclaration = {
  /** Path of the module, from the project root, that exports `handler`. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  access: readonly Access[];
  /** Uses the native argon2 binding (shipped to Lambda as a layer, not bundled). */
  argon2?: boolean;
};

export const http = (
  name: string,
  description: string,
  access: readonly Access[],
  extra: Partial<FunctionDeclaration> = {},
): FunctionDeclaration => ({
  entry: `functions/http/${name}.ts`,
  description,
  timeoutSeconds: 10,
  memoryMb: 512,
  access,
  ...extra,
});

export const queue = (
  name: string,
  description: string,
  timeoutSeconds: number,
  access: readonly Access[],
): FunctionDeclaration => ({
  entry: `functions/queue/${name}.ts`,
  description,
  timeoutSeconds,
  memoryMb: 512,
  access,
});

/** argon2id with m=19 MiB needs headroom; 1 GiB also buys a faster CPU share on Lambda. */
export const hashing = { memoryMb: 1024, argon2: true } as const;
