import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { assetNamed } from "../../lib/api/assets.js";
import { problemResponse } from "../middleware/problem-details.js";

/**
 * The pages' stylesheet and script (`lib/api/assets.ts`). Their addresses carry a hash of their content, so they
 * are cached for a year; an unknown name (an old hash after a deploy) is 404.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const asset = assetNamed(event.pathParameters?.file ?? "");
  if (!asset) {
    // A problem+json 404 like every other refusal of the service (found by the fuzz test), never cached.
    return problemResponse(404, "not-found", "No asset has this name (an old address after a deploy?).");
  }
  return {
    statusCode: 200,
    headers: {
      "content-type": asset.contentType,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
    body: asset.body,
  };
}
