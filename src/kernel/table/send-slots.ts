import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendSlots } from '../email/pacing';
import { sendSlotKey } from './keys';
import { isConditionFailed, type TableDeps } from './table';

/** A slot item outlives its second by an hour, then DynamoDB's TTL removes it. */
const SLOT_TTL_SECONDS = 60 * 60;

/**
 * The account's SES sends per second of real time, one item per second (`SESRATE#<second>`), so every
 * function's pace meets in one place. Taking a slot is one conditional UpdateItem: one round trip per email
 * when the second has room.
 */
export function createSendSlots(deps: Pick<TableDeps, 'client' | 'tableName'>): SendSlots {
  return {
    async take(second, count, limit) {
      try {
        await deps.client.send(
          new UpdateCommand({
            TableName: deps.tableName,
            Key: sendSlotKey(second),
            UpdateExpression: 'ADD #n :count SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(#n) OR #n <= :room',
            ExpressionAttributeNames: { '#n': 'sent' },
            ExpressionAttributeValues: {
              ':count': count,
              ':room': limit - count,
              ':expires': second + SLOT_TTL_SECONDS,
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailed(err)) return false;
        throw err;
      }
    },
  };
}
