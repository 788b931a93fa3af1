import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { webhookKey } from './keys';
import { ignoreConditionFailed, type TableDeps } from './table';

export interface Delivery {
  webhookId: string;
  bodyHash: string;
  hireId?: string;
}

/**
 * Webhook deliveries seen (`WEBHOOK#<id>`, TTL a week): a sender's retry repeats the same bytes under the
 * same id; the same id on other content is a replay.
 */
export interface WebhookDeliveries {
  /** Records a delivery; returns the earlier one when the id was seen before. */
  record(delivery: Delivery, expiresAtSeconds: number): Promise<Delivery | undefined>;
  /** The delivery recorded under this webhook id, if any (read before anything is written). */
  get(webhookId: string): Promise<Delivery | undefined>;
}

/** A delivery's item, kept until `expiresAtSeconds` (the table's TTL attribute). */
export const deliveryItem = (delivery: Delivery, expiresAtSeconds: number) => ({
  ...webhookKey(delivery.webhookId),
  ...delivery,
  expiresAt: expiresAtSeconds,
});

export function createWebhookDeliveries(deps: Omit<TableDeps, 'now'>): WebhookDeliveries {
  const { client, tableName: TableName } = deps;
  const get = async (webhookId: string) =>
    (await client.send(new GetCommand({ TableName, Key: webhookKey(webhookId), ConsistentRead: true })))
      .Item as Delivery | undefined;
  return {
    async record(delivery, expiresAtSeconds) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: deliveryItem(delivery, expiresAtSeconds),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return undefined;
      } catch (err) {
        ignoreConditionFailed(err);
        return get(delivery.webhookId);
      }
    },
    get,
  };
}
