import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SendRateLimiter } from "../../ports/mailer.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/**
 * A fixed window per second, shared by every consumer: the window's counter is incremented only while below the
 * rate (a conditional `ADD` of the sends wanted), so concurrent senders together never start more than `rate` sends
 * in one second.
 */
export class DynamoSendRateLimiter implements SendRateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async tryAcquire(now: Date, rate: number, count = 1): Promise<boolean> {
    const second = Math.floor(now.getTime() / 1000);
    const limit = Math.max(1, Math.floor(rate));
    if (count > limit) throw new RangeError(`${count} sends can never fit a window of ${limit}`);
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.emailSendWindow(second),
          UpdateExpression: "ADD sends :count SET expiresAt = :expires",
          ConditionExpression: "attribute_not_exists(sends) OR sends <= :room",
          ExpressionAttributeValues: {
            ":count": count,
            ":room": limit - count,
            ":expires": second + 120,
          },
        }),
      ),
    );
  }
}
