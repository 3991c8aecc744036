import { openApiDocument } from "../../lib/api/openapi.js";
import { serviceEndpoints } from "../../lib/endpoints/service.js";
import { httpFunction } from "../middleware/http-function.js";

const document = openApiDocument();

export const handler = httpFunction(serviceEndpoints.openapi, async () => ({
  status: 200,
  body: document,
  headers: { "cache-control": "public, max-age=300" },
}));
