import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredSetupToken } from '../hire/setup-access';
import { setupTokenKey } from './keys';
import { ignoreConditionFailed, type TableDeps } from './table';

export type SetupClaim = 'claimed' | 'used' | 'busy';

/** Items outlive their link by this long (TTL), so an old link still explains itself for a while. */
const KEEP_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;

/**
 * Password setup tokens (`SETUP#<sha256>`), stored by hash only: attempts, a claim for the one directory
 * call, single use. Older tokens are never deleted when a newer one is made: their page explains the newer
 * email (the hire's `setupTokenHash` says which token is the current one).
 */
export interface SetupTokens {
  /** Stores a new token, with the time it was stored (`issuedAt`). */
  put(tokenHash: string, hireId: string, expiresAt: Date): Promise<void>;
  get(tokenHash: string): Promise<StoredSetupToken | undefined>;
  /** Counts one submission; false when the token is used or has no attempts left. */
  takeAttempt(tokenHash: string, maxAttempts: number): Promise<boolean>;
  /** Takes the token for one directory call; a claim older than `staleAfterMs` was left by a crash. */
  claim(tokenHash: string, staleAfterMs: number): Promise<SetupClaim>;
  /** The directory refused: the token may be used again. */
  release(tokenHash: string): Promise<void>;
  markUsed(tokenHash: string): Promise<void>;
}

export function createSetupTokens(deps: TableDeps): SetupTokens {
  const { client, tableName: TableName } = deps;
  const iso = () => deps.now().toISOString();
  const tokens: SetupTokens = {
    async put(tokenHash, hireId, expiresAt) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            ...setupTokenKey(tokenHash),
            hireId,
            attempts: 0,
            validUntil: expiresAt.toISOString(),
            // A bounce or complaint revokes the tokens stored until then (src/kernel/hire/setup-access.ts).
            issuedAt: iso(),
            expiresAt: Math.ceil(expiresAt.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
          },
        }),
      );
    },

    async get(tokenHash) {
      const out = await client.send(
        new GetCommand({ TableName, Key: setupTokenKey(tokenHash), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const { hireId, attempts, validUntil, usedAt, claimedAt, issuedAt } = out.Item;
      return {
        tokenHash,
        hireId: String(hireId),
        attempts: Number(attempts ?? 0),
        validUntil: String(validUntil),
        ...(usedAt ? { usedAt: String(usedAt) } : {}),
        ...(claimedAt ? { claimedAt: String(claimedAt) } : {}),
        ...(issuedAt ? { issuedAt: String(issuedAt) } : {}),
      };
    },

    async takeAttempt(tokenHash, maxAttempts) {
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
        ignoreConditionFailed(err);
        return false;
      }
    },

    async claim(tokenHash, staleAfterMs) {
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
        ignoreConditionFailed(err);
        const token = await tokens.get(tokenHash);
        return !token || token.usedAt ? 'used' : 'busy';
      }
    },

    async release(tokenHash) {
      await client
        .send(
          new UpdateCommand({
            TableName,
            Key: setupTokenKey(tokenHash),
            UpdateExpression: 'REMOVE claimedAt',
            ConditionExpression: 'attribute_exists(pk)',
          }),
        )
        .catch(ignoreConditionFailed);
    },

    async markUsed(tokenHash) {
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
        .catch(ignoreConditionFailed);
    },
  };
  return tokens;
}
