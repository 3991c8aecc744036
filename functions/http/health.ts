import { contracts } from "../../lib/api/contracts.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts.health, services, async () => ({
  status: 200,
  body: { status: "ok" },
}));
