import { serviceEndpoints } from "../../lib/endpoints/service.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(serviceEndpoints.health, services, async () => ({
  status: 200,
  body: { status: "ok" },
}));
