import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  DuplicateError,
  ExecutionSupersededError,
  HireNotFoundError,
  InvalidCursorError,
  StageConflictError,
  VersionConflictError,
} from '../domain/errors';
import type { HireEvent, HireRecord } from '../domain/hire-record';
import { allowedFrom, type Stage } from '../domain/stages';
import type { UserNameClaim } from '../domain/user-name';
import { isWatched, type WatchPolicy, watchAfterMove } from '../domain/watch';
import {
  dueKey,
  emailLedgerKey,
  HISTORY_PREFIX,
  hireEventKey,
  hireFromItem,
  hireIdOfKey,
  hireKey,
  LEDGER_PREFIX,
  STAGE_INDEX,
  setupTokenKey,
  userNameClaimKey,
  WATCH_INDEX,
  WATCH_PARTITION,
  WORK_INDEX,
  type WorkQueue,
  watchKey,
  webhookKey,
  workKey,
} from './table-keys';

/**
 * The hire table. Every stage change is one conditional UpdateItem on the expected current stage, so a
 * retried Lambda or a racing duplicate can neither skip nor repeat a step (dynalite has no transactions,
 * and none are needed: each step touches one item).
 */
export interface StageChange {
  to: Stage;
  /** Expected current stages; defaults to every stage the table allows to move to `to`. */
  from?: readonly Stage[];
  set?: Partial<HireRecord>;
  remove?: (keyof HireRecord)[];
  /** Put the hire on a provisioner queue (or take it off with `null`). */
  work?: { queue: WorkQueue; dueAt: string } | null;
  /** Put the hire on the reminder run's `due` index at this ISO time (or take it off with `null`). */
  due?: { at: string } | null;
  /**
   * When the reconciler should look at the hire (the `watch` index), or `null` for never. Left out, a move
   * to another stage (or a new provisionAt) sets it by the rule of src/domain/watch.ts, the one place it is
   * decided; a same-stage write leaves it as it was.
   */
  watch?: { at: string } | null;
  event?: Omit<HireEvent, 'at' | 'stage'>;
  /** Also expect this `version`: two admins acting on the same snapshot cannot both succeed. */
  expectVersion?: number;
  /**
   * Also expect this to be the hire's current execution: an execution HR's reschedule replaced cannot act
   * for the hire any more (ExecutionSupersededError).
   */
  expectExecutionName?: string;
}

/** One email of the send-once ledger, as the admin status shows it. */
export interface LedgerEntry {
  ledgerKey: string;
  status: 'PENDING' | 'SENT';
  claimedAt?: string;
  sentAt?: string;
  messageId?: string;
  /** Who the email went to (kept from when it was sent; absent on older entries). */
  to?: string[];
}

/** A page of hires from the stage index, newest change first. */
export interface HirePage {
  hires: HireRecord[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface StageQuery {
  stage: Stage;
  /** Only hires changed at or after this ISO time. */
  since?: string;
  /** Only hires invited (or, never invited, created) at or before this ISO time. */
  invitedBefore?: string;
  limit: number;
  cursor?: string;
}

export interface Delivery {
  webhookId: string;
  bodyHash: string;
  hireId?: string;
}

export type EmailClaim = 'claimed' | 'already-sent' | 'in-progress';

/** A user-name claim attempt: ours now, or the claim another hire holds. */
export type UserNameClaimResult = { claimed: true } | { claimed: false; holder: UserNameClaim };
/** A hire with the index entries the reconciler judges it by. */
export interface HireWithIndexes {
  hire: HireRecord;
  /** Its entry on a provisioner queue, if any. */
  work?: { queue: WorkQueue; dueAt: string };
  /** When the reconciler looks at it next, if it is watched. */
  watchAt?: string;
}

export interface HireStore {
  /** Puts a new hire; DuplicateError when it exists. Its first history event is the caller's to add. */
  create(record: HireRecord): Promise<void>;
  get(hireId: string): Promise<HireRecord | undefined>;
  require(hireId: string): Promise<HireRecord>;
  change(hireId: string, change: StageChange): Promise<HireRecord>;
  appendEvent(hireId: string, event: Omit<HireEvent, 'at'>): Promise<void>;
  history(hireId: string): Promise<HireEvent[]>;
  /** Hires on a provisioner queue whose work is due, oldest first. */
  listWork(queue: WorkQueue, dueBy: string, limit: number): Promise<HireRecord[]>;
  /** Records a webhook delivery; returns the earlier one when the id was seen before. */
  recordDelivery(delivery: Delivery, expiresAtSeconds: number): Promise<Delivery | undefined>;
  /** The delivery recorded under this webhook id, if any (read before anything is written). */
  getDelivery(webhookId: string): Promise<Delivery | undefined>;
  /** Claims a user name for a hire: free, or held by this hire already. Otherwise returns the holder. */
  claimUserName(claim: Omit<UserNameClaim, 'claimedAt'>): Promise<UserNameClaimResult>;
  /** Takes a claim over from `holderHireId` (a dead claim, see claimIsLive); false when it changed meanwhile. */
  takeOverUserName(claim: Omit<UserNameClaim, 'claimedAt'>, holderHireId: string): Promise<boolean>;
  /** Deletes the claim if this hire holds it. */
  releaseUserName(claim: Omit<UserNameClaim, 'claimedAt'>): Promise<void>;
  /** The claims on these user names that exist (a batch read; for checking a whole wave at once). */
  userNameClaims(names: { directoryId: string; userName: string }[]): Promise<UserNameClaim[]>;
  claimEmail(hireId: string, ledgerKey: string, staleAfterMs: number): Promise<EmailClaim>;
  markEmailSent(hireId: string, ledgerKey: string, messageId: string, to?: string[]): Promise<void>;
  /**
   * SES says it sent this email (its "Email Sent" event): the entry becomes SENT unless it is SENT already.
   * False when it was.
   */
  confirmEmailSent(hireId: string, ledgerKey: string, messageId: string): Promise<boolean>;
  releaseEmail(hireId: string, ledgerKey: string): Promise<void>;
  /** Stores a setup token by hash. Older tokens are never deleted: their page explains the newer email. */
  putSetupToken(tokenHash: string, hireId: string, expiresAt: Date): Promise<void>;
  /** The send-once ledger of a hire: every email claimed or sent, oldest key first. */
  ledger(hireId: string): Promise<LedgerEntry[]>;
  /** Hires in one stage through the sparse `stage` index (a Query, never a Scan). */
  listByStage(query: StageQuery): Promise<HirePage>;
  /** The hire (consistent read) with its provisioner queue entry and its watch time. */
  getWithIndexes(hireId: string): Promise<HireWithIndexes | undefined>;
  /** Ids of hires on the `watch` index due by `dueBy`, soonest first (a Query, never a Scan). */
  listWatched(dueBy: string, limit: number): Promise<string[]>;
  /**
   * Moves the hire's watch time (or takes it off the index with `null`) if it is still in `stage`; the
   * hire itself is unchanged (no version bump). False when it moved on meanwhile.
   */
  watchAgain(hireId: string, stage: Stage, at: string | null): Promise<boolean>;
}

const toRecord = (item: Record<string, unknown> | undefined): HireRecord | undefined =>
  item ? hireFromItem(item) : undefined;

const suffix = () => randomBytes(4).toString('hex');

// Paging keys of the stage index hold only key attributes (ids, stage, time): safe to hand to a client.
function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // Fall through: reported as a bad cursor below.
  }
  throw new InvalidCursorError('the cursor is not one this API returned');
}

/** The provisioning timeout the watch times assume when the caller gives none (the sample config's). */
const DEFAULT_WATCH_POLICY: WatchPolicy = { provisioningTimeoutMinutes: 60 };

export function createHireStore(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  watch?: WatchPolicy;
}): HireStore {
  const { client, tableName: TableName } = deps;
  const watchPolicy = deps.watch ?? DEFAULT_WATCH_POLICY;
  const iso = () => deps.now().toISOString();

  /** Every item of one hire whose sort key starts with `prefix` (its history, its email ledger), all pages. */
  const itemsOfHire = async (hireId: string, prefix: string) => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': hireKey(hireId).pk, ':prefix': prefix },
          ExclusiveStartKey,
        }),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };

  const putEvent = (hireId: string, event: Omit<HireEvent, 'at'>, at = iso()) =>
    client.send(new PutCommand({ TableName, Item: { ...hireEventKey(hireId, at, suffix()), ...event, at } }));

  const store: HireStore = {
    async create(record) {
      const watchAt = watchAfterMove(record.stage, {
        now: deps.now(),
        provisionAt: record.provisionAt,
        policy: watchPolicy,
      });
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...hireKey(record.hireId), ...record, ...(watchAt ? watchKey(watchAt) : {}) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) {
          throw new DuplicateError(record.hireId, `hire ${record.hireId} exists already`, { cause: err });
        }
        throw err;
      }
    },

    async get(hireId) {
      const out = await client.send(
        new GetCommand({ TableName, Key: hireKey(hireId), ConsistentRead: true }),
      );
      return toRecord(out.Item);
    },

    async require(hireId) {
      const hire = await store.get(hireId);
      if (!hire) throw new HireNotFoundError(hireId);
      return hire;
    },

    async change(hireId, change) {
      const expected = change.from ?? allowedFrom(change.to);
      const names: Record<string, string> = {
        '#stage': 'stage',
        '#version': 'version',
        '#updatedAt': 'updatedAt',
      };
      const values: Record<string, unknown> = { ':to': change.to, ':one': 1, ':now': iso() };
      const sets = ['#stage = :to', '#updatedAt = :now'];
      const removes: string[] = [];
      let i = 0;
      for (const [field, value] of Object.entries(change.set ?? {})) {
        if (value === undefined) continue;
        names[`#f${i}`] = field;
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
        i++;
      }
      for (const field of change.remove ?? []) {
        names[`#f${i}`] = field;
        removes.push(`#f${i}`);
        i++;
      }
      if (change.work) {
        const key = workKey(change.work.queue, change.work.dueAt, hireId);
        Object.assign(names, { '#workPk': 'workPk', '#workSk': 'workSk' });
        Object.assign(values, { ':workPk': key.workPk, ':workSk': key.workSk });
        sets.push('#workPk = :workPk', '#workSk = :workSk');
      } else if (change.work === null) {
        Object.assign(names, { '#workPk': 'workPk', '#workSk': 'workSk' });
        removes.push('#workPk', '#workSk');
      }
      if (change.due) {
        const key = dueKey(change.due.at);
        Object.assign(names, { '#duePk': 'duePk', '#dueAt': 'dueAt' });
        Object.assign(values, { ':duePk': key.duePk, ':dueAt': key.dueAt });
        sets.push('#duePk = :duePk', '#dueAt = :dueAt');
      } else if (change.due === null) {
        Object.assign(names, { '#duePk': 'duePk', '#dueAt': 'dueAt' });
        removes.push('#duePk', '#dueAt');
      }
      const moves = expected.some((stage) => stage !== change.to) || change.set?.provisionAt !== undefined;
      const watchAt =
        change.watch !== undefined
          ? (change.watch?.at ?? null)
          : moves
            ? watchAfterMove(change.to, {
                now: deps.now(),
                provisionAt: change.set?.provisionAt,
                policy: watchPolicy,
              })
            : undefined;
      if (watchAt) {
        Object.assign(names, { '#watchPk': 'watchPk', '#watchAt': 'watchAt' });
        Object.assign(values, { ':watchPk': WATCH_PARTITION, ':watchAt': watchAt });
        sets.push('#watchPk = :watchPk', '#watchAt = :watchAt');
      } else if (watchAt === null) {
        Object.assign(names, { '#watchPk': 'watchPk', '#watchAt': 'watchAt' });
        removes.push('#watchPk', '#watchAt');
      }
      const stageConditions = expected.map((stage, n) => {
        values[`:from${n}`] = stage;
        return `#stage = :from${n}`;
      });
      let condition = `attribute_exists(pk) AND (${stageConditions.join(' OR ')})`;
      if (change.expectVersion !== undefined) {
        values[':expectVersion'] = change.expectVersion;
        condition += ' AND #version = :expectVersion';
      }
      if (change.expectExecutionName !== undefined) {
        names['#executionName'] = 'executionName';
        values[':expectExecution'] = change.expectExecutionName;
        condition += ' AND #executionName = :expectExecution';
      }
      let update = `SET ${sets.join(', ')} ADD #version :one`;
      if (removes.length) update += ` REMOVE ${removes.join(', ')}`;
      try {
        const out = await client.send(
          new UpdateCommand({
            TableName,
            Key: hireKey(hireId),
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        if (change.event) await putEvent(hireId, { ...change.event, stage: change.to });
        return toRecord(out.Attributes)!;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        const actual = await store.get(hireId);
        if (!actual) throw new HireNotFoundError(hireId, { cause: err });
        if (change.expectExecutionName !== undefined && actual.executionName !== change.expectExecutionName) {
          throw new ExecutionSupersededError(
            { hireId, executionName: change.expectExecutionName, current: actual.executionName },
            { cause: err },
          );
        }
        if (change.expectVersion !== undefined && expected.includes(actual.stage)) {
          throw new VersionConflictError(
            { hireId, expected: change.expectVersion, actual: actual.version },
            { cause: err },
          );
        }
        throw new StageConflictError({ hireId, expected, actual: actual.stage }, { cause: err });
      }
    },

    appendEvent: (hireId, event) => putEvent(hireId, event).then(() => undefined),

    async history(hireId) {
      const items = await itemsOfHire(hireId, HISTORY_PREFIX);
      return items.map(({ pk: _pk, sk: _sk, ...event }) => event as unknown as HireEvent);
    },

    async listWork(queue, dueBy, limit) {
      const hires: HireRecord[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName,
            IndexName: WORK_INDEX,
            KeyConditionExpression: 'workPk = :queue AND workSk <= :dueBy',
            ExpressionAttributeValues: { ':queue': queue, ':dueBy': `${dueBy}#\uffff` },
            Limit: Math.min(limit - hires.length, 500),
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) hires.push(toRecord(item)!);
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && hires.length < limit);
      return hires;
    },

    async recordDelivery(delivery, expiresAtSeconds) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...webhookKey(delivery.webhookId), ...delivery, expiresAt: expiresAtSeconds },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return undefined;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        const out = await client.send(
          new GetCommand({ TableName, Key: webhookKey(delivery.webhookId), ConsistentRead: true }),
        );
        return out.Item as Delivery | undefined;
      }
    },

    async getDelivery(webhookId) {
      const out = await client.send(
        new GetCommand({ TableName, Key: webhookKey(webhookId), ConsistentRead: true }),
      );
      return out.Item as Delivery | undefined;
    },

    async claimUserName(claim) {
      const key = userNameClaimKey(claim.directoryId, claim.userName);
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...key, ...claim, claimedAt: iso() },
            ConditionExpression: 'attribute_not_exists(pk) OR hireId = :me',
            ExpressionAttributeValues: { ':me': claim.hireId },
          }),
        );
        return { claimed: true };
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        const out = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
        // Released between our write and our read: try once more.
        if (!out.Item) return store.claimUserName(claim);
        const { pk: _pk, sk: _sk, ...holder } = out.Item;
        return { claimed: false, holder: holder as UserNameClaim };
      }
    },

    async takeOverUserName(claim, holderHireId) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...userNameClaimKey(claim.directoryId, claim.userName), ...claim, claimedAt: iso() },
            ConditionExpression: 'hireId = :holder',
            ExpressionAttributeValues: { ':holder': holderHireId },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },

    async releaseUserName(claim) {
      await client
        .send(
          new DeleteCommand({
            TableName,
            Key: userNameClaimKey(claim.directoryId, claim.userName),
            ConditionExpression: 'hireId = :me',
            ExpressionAttributeValues: { ':me': claim.hireId },
          }),
        )
        .catch((err) => {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        });
    },

    async userNameClaims(names) {
      const keys = [
        ...new Map(
          names.map((n) => {
            const key = userNameClaimKey(n.directoryId, n.userName);
            return [key.pk, key] as const;
          }),
        ).values(),
      ];
      const claims: UserNameClaim[] = [];
      // BatchGetItem reads at most 100 keys a call and may hand some back unprocessed.
      for (let i = 0; i < keys.length; i += 100) {
        let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
        for (let attempt = 0; pending?.length; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
          const out: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true } } }),
          );
          for (const { pk: _pk, sk: _sk, ...claim } of out.Responses?.[TableName] ?? []) {
            claims.push(claim as UserNameClaim);
          }
          pending = out.UnprocessedKeys?.[TableName]?.Keys;
        }
      }
      return claims;
    },

    async claimEmail(hireId, ledgerKey, staleAfterMs) {
      const now = deps.now();
      const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
      try {
        // A claim left PENDING by a crashed attempt is taken over once it is older than a Lambda timeout.
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...emailLedgerKey(hireId, ledgerKey), status: 'PENDING', claimedAt: now.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :pending AND claimedAt < :stale)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING', ':stale': staleBefore },
          }),
        );
        return 'claimed';
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        const out = await client.send(
          new GetCommand({ TableName, Key: emailLedgerKey(hireId, ledgerKey), ConsistentRead: true }),
        );
        return out.Item?.status === 'SENT' ? 'already-sent' : 'in-progress';
      }
    },

    async markEmailSent(hireId, ledgerKey, messageId, to) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: emailLedgerKey(hireId, ledgerKey),
          UpdateExpression: `SET #status = :sent, messageId = :id, sentAt = :now${to ? ', #to = :to' : ''}`,
          ExpressionAttributeNames: { '#status': 'status', ...(to ? { '#to': 'to' } : {}) },
          ExpressionAttributeValues: {
            ':sent': 'SENT',
            ':id': messageId,
            ':now': iso(),
            ...(to ? { ':to': to } : {}),
          },
        }),
      );
    },

    async confirmEmailSent(hireId, ledgerKey, messageId) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: emailLedgerKey(hireId, ledgerKey),
            UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :now',
            ConditionExpression: 'attribute_not_exists(pk) OR #status <> :sent',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': 'SENT', ':id': messageId, ':now': iso() },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },

    async putSetupToken(tokenHash, hireId, expiresAt) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            ...setupTokenKey(tokenHash),
            hireId,
            attempts: 0,
            validUntil: expiresAt.toISOString(),
            expiresAt: Math.ceil(expiresAt.getTime() / 1000) + 30 * 24 * 3600,
          },
        }),
      );
    },

    async ledger(hireId) {
      const items = await itemsOfHire(hireId, LEDGER_PREFIX);
      return items.map(({ pk: _pk, sk, ...rest }) => ({
        ...(rest as Omit<LedgerEntry, 'ledgerKey'>),
        ledgerKey: String(sk).slice(LEDGER_PREFIX.length),
      }));
    },

    async listByStage(query) {
      const names: Record<string, string> = { '#stage': 'stage' };
      const values: Record<string, unknown> = { ':stage': query.stage };
      let keyCondition = '#stage = :stage';
      if (query.since) {
        names['#updatedAt'] = 'updatedAt';
        values[':since'] = query.since;
        keyCondition += ' AND #updatedAt >= :since';
      }
      let filter: string | undefined;
      if (query.invitedBefore) {
        values[':before'] = query.invitedBefore;
        filter = 'invitedAt <= :before OR (attribute_not_exists(invitedAt) AND createdAt <= :before)';
      }
      const hires: HireRecord[] = [];
      let ExclusiveStartKey = decodeCursor(query.cursor);
      // A filter applies after Limit: keep reading until the page is full or the index is exhausted.
      do {
        const out = await client.send(
          new QueryCommand({
            TableName,
            IndexName: STAGE_INDEX,
            KeyConditionExpression: keyCondition,
            ...(filter ? { FilterExpression: filter } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: query.limit - hires.length,
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) hires.push(toRecord(item)!);
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && hires.length < query.limit);
      const cursor = encodeCursor(ExclusiveStartKey);
      return cursor ? { hires, cursor } : { hires };
    },

    async getWithIndexes(hireId) {
      const out = await client.send(
        new GetCommand({ TableName, Key: hireKey(hireId), ConsistentRead: true }),
      );
      const item = out.Item;
      if (!item) return undefined;
      const view: HireWithIndexes = { hire: hireFromItem(item) };
      if (typeof item.workPk === 'string' && typeof item.workSk === 'string') {
        view.work = { queue: item.workPk as WorkQueue, dueAt: item.workSk.split('#')[0]! };
      }
      if (typeof item.watchAt === 'string') view.watchAt = item.watchAt;
      return view;
    },

    async listWatched(dueBy, limit) {
      const ids: string[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName,
            IndexName: WATCH_INDEX,
            KeyConditionExpression: 'watchPk = :watch AND watchAt <= :dueBy',
            ExpressionAttributeValues: { ':watch': WATCH_PARTITION, ':dueBy': dueBy },
            Limit: Math.min(limit - ids.length, 500),
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) ids.push(hireIdOfKey(String(item.pk)));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && ids.length < limit);
      return ids;
    },

    async watchAgain(hireId, stage, at) {
      const watched = at !== null && isWatched(stage);
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: hireKey(hireId),
            UpdateExpression: watched ? 'SET watchPk = :watch, watchAt = :at' : 'REMOVE watchPk, watchAt',
            ConditionExpression: 'attribute_exists(pk) AND #stage = :stage',
            ExpressionAttributeNames: { '#stage': 'stage' },
            ExpressionAttributeValues: {
              ':stage': stage,
              ...(watched ? { ':watch': WATCH_PARTITION, ':at': at } : {}),
            },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },

    async releaseEmail(hireId, ledgerKey) {
      await client
        .send(
          new DeleteCommand({
            TableName,
            Key: emailLedgerKey(hireId, ledgerKey),
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING' },
          }),
        )
        .catch((err) => {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        });
    },
  };
  return store;
}
