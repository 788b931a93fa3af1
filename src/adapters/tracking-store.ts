import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HireRecord } from '../domain/hire-record';
import type { StoredSetupToken } from '../domain/setup-access';
import { DUE_INDEX, DUE_PARTITION, hireFromItem, setupTokenKey, workspaceKey } from './table-keys';

/**
 * The parts of the hire table that completion tracking reads and writes besides the hire item: setup
 * tokens (attempts, single use), the WorkSpace → hire pointer, and the sparse `due` index of the reminder
 * run. Every change here is a single-item conditional write, like the stage changes of hire-store.ts.
 */
export type SetupClaim = 'claimed' | 'used' | 'busy';

export interface TrackingStore {
  getSetupToken(tokenHash: string): Promise<StoredSetupToken | undefined>;
  /** Counts one submission; false when the token is used or has no attempts left. */
  takeSetupAttempt(tokenHash: string, maxAttempts: number): Promise<boolean>;
  /** Takes the token for one directory call; a claim older than `staleAfterMs` was left by a crash. */
  claimSetupToken(tokenHash: string, staleAfterMs: number): Promise<SetupClaim>;
  /** The directory refused: the token may be used again. */
  releaseSetupToken(tokenHash: string): Promise<void>;
  markSetupTokenUsed(tokenHash: string): Promise<void>;
  putWorkspaceOwner(workspaceId: string, hireId: string): Promise<void>;
  findHireByWorkspace(workspaceId: string): Promise<string | undefined>;
  /** Hires whose reminder or escalation is due by `dueBy`, oldest first; `cursor` continues a page. */
  listDue(
    dueBy: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ hires: HireRecord[]; cursor?: Record<string, unknown>; itemsRead: number }>;
}

export function createTrackingStore(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}): TrackingStore {
  const { client, tableName: TableName } = deps;
  const iso = () => deps.now().toISOString();
  const ignoreConflict = (err: unknown) => {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  };

  return {
    async getSetupToken(tokenHash) {
      const out = await client.send(
        new GetCommand({ TableName, Key: setupTokenKey(tokenHash), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const { hireId, attempts, validUntil, usedAt, claimedAt } = out.Item;
      return {
        tokenHash,
        hireId: String(hireId),
        attempts: Number(attempts ?? 0),
        validUntil: String(validUntil),
        ...(usedAt ? { usedAt: String(usedAt) } : {}),
        ...(claimedAt ? { claimedAt: String(claimedAt) } : {}),
      };
    },

    async takeSetupAttempt(tokenHash, maxAttempts) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: setupTokenKey(tokenHash),
            UpdateExpression: 'ADD attempts :one SET lastAttemptAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attempts < :max',
            ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts, ':now': iso() },
          }),
        );
        return true;
      } catch (err) {
        ignoreConflict(err);
        return false;
      }
    },

    async claimSetupToken(tokenHash, staleAfterMs) {
      const now = deps.now();
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: setupTokenKey(tokenHash),
            UpdateExpression: 'SET claimedAt = :now',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(usedAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
            ExpressionAttributeValues: {
              ':now': now.toISOString(),
              ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
            },
          }),
        );
        return 'claimed';
      } catch (err) {
        ignoreConflict(err);
        const token = await this.getSetupToken(tokenHash);
        return !token || token.usedAt ? 'used' : 'busy';
      }
    },

    async releaseSetupToken(tokenHash) {
      await client
        .send(
          new UpdateCommand({
            TableName,
            Key: setupTokenKey(tokenHash),
            UpdateExpression: 'REMOVE claimedAt',
            ConditionExpression: 'attribute_exists(pk)',
          }),
        )
        .catch(ignoreConflict);
    },

    async markSetupTokenUsed(tokenHash) {
      await client
        .send(
          new UpdateCommand({
            TableName,
            Key: setupTokenKey(tokenHash),
            UpdateExpression: 'SET usedAt = :now REMOVE claimedAt',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': iso() },
          }),
        )
        .catch(ignoreConflict);
    },

    async putWorkspaceOwner(workspaceId, hireId) {
      // Unconditional: a WorkSpace id is never reused, so a repeated write stores the same pair.
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...workspaceKey(workspaceId), hireId, workspaceId, createdAt: iso() },
        }),
      );
    },

    async findHireByWorkspace(workspaceId) {
      const out = await client.send(new GetCommand({ TableName, Key: workspaceKey(workspaceId) }));
      return typeof out.Item?.hireId === 'string' ? out.Item.hireId : undefined;
    },

    async listDue(dueBy, limit, cursor) {
      const hires: HireRecord[] = [];
      let itemsRead = 0;
      let ExclusiveStartKey = cursor;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName,
            IndexName: DUE_INDEX,
            KeyConditionExpression: 'duePk = :due AND dueAt <= :dueBy',
            ExpressionAttributeValues: { ':due': DUE_PARTITION, ':dueBy': dueBy },
            Limit: Math.min(limit - hires.length, 500),
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) {
          itemsRead++;
          hires.push(hireFromItem(item));
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && hires.length < limit);
      return ExclusiveStartKey ? { hires, cursor: ExclusiveStartKey, itemsRead } : { hires, itemsRead };
    },
  };
}
