import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { UserNameClaim } from '../hire/user-name';
import { userNameClaimKey, userNameClaimKeys } from './keys';
import { conditionHeld, ignoreConditionFailed, type TableDeps, withoutKeys } from './table';

export type ClaimRequest = Omit<UserNameClaim, 'claimedAt'>;

/** A user-name claim attempt: ours now, or the claim another hire holds. */
export type UserNameClaimResult = { claimed: true } | { claimed: false; holder: UserNameClaim };

/**
 * One account per person (`USER#<directory>#<folded name>`): which hire holds a directory user name.
 * Every write is a single-item conditional write; the rules of who may take a claim over are in
 * src/kernel/user-names.ts and src/kernel/hire/user-name.ts. Claims written before names were folded are under
 * the lower-cased name: `find` reads them and `release` frees them too; nothing writes them any more.
 */
export interface UserNameClaims {
  /** Claims a user name for a hire: free, or held by this hire already. Otherwise returns the holder. */
  claim(claim: ClaimRequest): Promise<UserNameClaimResult>;
  /** Takes a claim over from `holderHireId` (a dead claim, see claimIsLive); false when it changed meanwhile. */
  takeOver(claim: ClaimRequest, holderHireId: string): Promise<boolean>;
  /** Deletes the claim (and an older one under the lower-cased name) if this hire holds it. */
  release(claim: ClaimRequest): Promise<void>;
  /**
   * The claims on these user names that exist, under the folded or the older key (a batch read; for
   * checking a whole wave at once, and a name's older claim before it is claimed).
   */
  find(names: { directoryId: string; userName: string }[]): Promise<UserNameClaim[]>;
}

/** A claim's item (under the folded name), taken at `now`. */
export const claimItem = (claim: ClaimRequest, now: Date) => ({
  ...userNameClaimKey(claim.directoryId, claim.userName),
  ...claim,
  claimedAt: now.toISOString(),
});

// BatchGetItem reads at most 100 keys a call and may hand some back unprocessed.
const BATCH_GET_MAX = 100;

export function createUserNameClaims(
  deps: TableDeps & { pause?: (ms: number) => Promise<void> },
): UserNameClaims {
  const { client, tableName: TableName } = deps;
  const pause = deps.pause ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const claims: UserNameClaims = {
    async claim(claim) {
      const key = userNameClaimKey(claim.directoryId, claim.userName);
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: claimItem(claim, deps.now()),
            ConditionExpression: 'attribute_not_exists(pk) OR hireId = :me',
            ExpressionAttributeValues: { ':me': claim.hireId },
          }),
        );
        return { claimed: true };
      } catch (err) {
        ignoreConditionFailed(err);
        const out = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
        // Released between our write and our read: try once more.
        if (!out.Item) return claims.claim(claim);
        return { claimed: false, holder: withoutKeys(out.Item) as unknown as UserNameClaim };
      }
    },

    async takeOver(claim, holderHireId) {
      return conditionHeld(
        client.send(
          new PutCommand({
            TableName,
            Item: claimItem(claim, deps.now()),
            ConditionExpression: 'hireId = :holder',
            ExpressionAttributeValues: { ':holder': holderHireId },
          }),
        ),
      );
    },

    async release(claim) {
      for (const Key of userNameClaimKeys(claim.directoryId, claim.userName)) {
        await client
          .send(
            new DeleteCommand({
              TableName,
              Key,
              ConditionExpression: 'hireId = :me',
              ExpressionAttributeValues: { ':me': claim.hireId },
            }),
          )
          .catch(ignoreConditionFailed);
      }
    },

    async find(names) {
      const keys = [
        ...new Map(
          names.flatMap((n) =>
            userNameClaimKeys(n.directoryId, n.userName).map((key) => [key.pk, key] as const),
          ),
        ).values(),
      ];
      const found: UserNameClaim[] = [];
      for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
        let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH_GET_MAX);
        for (let attempt = 0; pending?.length; attempt++) {
          if (attempt > 0) await pause(Math.min(1000, 50 * 2 ** attempt));
          const out: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true } } }),
          );
          for (const item of out.Responses?.[TableName] ?? []) {
            found.push(withoutKeys(item) as unknown as UserNameClaim);
          }
          pending = out.UnprocessedKeys?.[TableName]?.Keys;
        }
      }
      return found;
    },
  };
  return claims;
}
