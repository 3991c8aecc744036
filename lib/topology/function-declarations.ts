/**
 * The shape of a Lambda function declaration. HTTP functions are declared with their endpoint (`lib/endpoints/`),
 * queue consumers next to their queues (`consumers.ts`); both end up in `functions` (`index.ts`).
 */
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

/** Sizing of a function that declares none: API Gateway waits at most 29 s, most answers take milliseconds. */
export const defaultSizing = { timeoutSeconds: 10, memoryMb: 512 } as const;

/** argon2id with m=19 MiB needs headroom; 1 GiB also buys a faster CPU share on Lambda. */
export const hashing = { memoryMb: 1024, argon2: true } as const;
