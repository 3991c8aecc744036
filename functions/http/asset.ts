import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { assetNamed } from "../../lib/api/assets.js";

/**
 * The pages' stylesheet and script (`lib/api/assets.ts`). Their addresses carry a hash of their content, so they
 * are cached for a year; an unknown name (an old hash after a deploy) is 404.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const asset = assetNamed(event.pathParameters?.file ?? "");
  if (!asset) {
    return { statusCode: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found" };
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
