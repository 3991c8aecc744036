import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * One logger and one metrics publisher per execution environment. Never log events, bodies or headers: they
 * carry passwords, PINs and tokens. Log ids and outcomes only.
 */
export const logger = new Logger({ serviceName: "latchkey" });
export const metrics = new Metrics({ namespace: "Latchkey", serviceName: "latchkey" });
