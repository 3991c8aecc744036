export * from "./email-templates.js";
export * from "./functions.js";
export * from "./queues.js";
export * from "./routes.js";
export * from "./table.js";

/** Prefix of every resource the local runtime creates, and the CDK app's stack names. */
export const serviceName = "latchkey";
