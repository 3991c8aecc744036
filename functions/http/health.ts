import { serviceEndpoints } from "../../lib/endpoints/service.js";
import { httpFunction } from "../middleware/http-function.js";

export const handler = httpFunction(serviceEndpoints.health, async () => ({
  status: 200,
  body: { status: "ok" },
}));
