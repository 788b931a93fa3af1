import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendSlots } from '../email/pacing';
import { sendQuotaKey, sendSlotKey } from './keys';
import { conditionHeld, isConditionFailed, type TableDeps } from './table';

/** A slot item outlives its second by an hour, then DynamoDB's TTL removes it. */
const SLOT_TTL_SECONDS = 60 * 60;
/** How often the quota room may be set again from GetAccount (see SendSlots.setQuota). */
const QUOTA_RESET_MS = 60 * 1000;
const QUOTA_RESET_REAL_MS = 30 * 1000;
const QUOTA_ALWAYS_RESET_MS = 60 * 60 * 1000;

/**
 * The account's SES sends per second of real time, one item per second (`SESRATE#<second>`), and the room
 * left in its 24-hour quota (`SESQUOTA`), so every function's pace meets in one place. Each is one
 * conditional UpdateItem: two round trips per email when the second has room (one without a quota).
 */
export function createSendSlots(deps: Pick<TableDeps, 'client' | 'tableName'>): SendSlots {
  return {
    async take(second, count, limit) {
      return conditionHeld(
        deps.client.send(
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
        ),
      );
    },
    async takeQuota(count, keep) {
      return conditionHeld(
        deps.client.send(
          new UpdateCommand({
            TableName: deps.tableName,
            Key: sendQuotaKey(),
            UpdateExpression: 'ADD #room :minus',
            ConditionExpression: '#room >= :least',
            ExpressionAttributeNames: { '#room': 'room' },
            ExpressionAttributeValues: { ':minus': -count, ':least': count + keep },
          }),
        ),
      );
    },
    async setQuota(room, at) {
      try {
        await deps.client.send(
          new UpdateCommand({
            TableName: deps.tableName,
            Key: sendQuotaKey(),
            UpdateExpression: 'SET #room = :room, readAt = :at, readReal = :real',
            ConditionExpression:
              'attribute_not_exists(readAt) OR readAt <= :hourAgo OR (readAt <= :minuteAgo AND readReal <= :realAgo)',
            ExpressionAttributeNames: { '#room': 'room' },
            ExpressionAttributeValues: {
              ':room': room,
              ':at': at.clockMs,
              ':real': at.realMs,
              ':hourAgo': at.clockMs - QUOTA_ALWAYS_RESET_MS,
              ':minuteAgo': at.clockMs - QUOTA_RESET_MS,
              ':realAgo': at.realMs - QUOTA_RESET_REAL_MS,
            },
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    },
  };
}
