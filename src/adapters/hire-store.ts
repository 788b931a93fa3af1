import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DuplicateError, HireNotFoundError, StageConflictError } from '../domain/errors';
import type { HireEvent, HireRecord } from '../domain/hire-record';
import { allowedFrom, type Stage } from '../domain/stages';
import {
  emailLedgerKey,
  HISTORY_PREFIX,
  hireEventKey,
  hireKey,
  setupTokenKey,
  WORK_INDEX,
  type WorkQueue,
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
  event?: Omit<HireEvent, 'at' | 'stage'>;
}

export interface Delivery {
  webhookId: string;
  bodyHash: string;
  hireId?: string;
}

export type EmailClaim = 'claimed' | 'already-sent' | 'in-progress';

export interface HireStore {
  create(record: HireRecord, event: Omit<HireEvent, 'at' | 'stage'>): Promise<void>;
  get(hireId: string): Promise<HireRecord | undefined>;
  require(hireId: string): Promise<HireRecord>;
  change(hireId: string, change: StageChange): Promise<HireRecord>;
  appendEvent(hireId: string, event: Omit<HireEvent, 'at'>): Promise<void>;
  history(hireId: string): Promise<HireEvent[]>;
  /** Hires on a provisioner queue whose work is due, oldest first. */
  listWork(queue: WorkQueue, dueBy: string, limit: number): Promise<HireRecord[]>;
  /** Records a webhook delivery; returns the earlier one when the id was seen before. */
  recordDelivery(delivery: Delivery, expiresAtSeconds: number): Promise<Delivery | undefined>;
  claimEmail(hireId: string, ledgerKey: string, staleAfterMs: number): Promise<EmailClaim>;
  markEmailSent(hireId: string, ledgerKey: string, messageId: string): Promise<void>;
  releaseEmail(hireId: string, ledgerKey: string): Promise<void>;
  putSetupToken(tokenHash: string, hireId: string, expiresAt: Date): Promise<void>;
}

const RECORD_FIELDS_EXCLUDED = new Set(['pk', 'sk', 'workPk', 'workSk', 'duePk', 'dueAt', 'expiresAt']);

function toRecord(item: Record<string, unknown> | undefined): HireRecord | undefined {
  if (!item) return undefined;
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!RECORD_FIELDS_EXCLUDED.has(k)) record[k] = v;
  return record as unknown as HireRecord;
}

const suffix = () => randomBytes(4).toString('hex');

export function createHireStore(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}): HireStore {
  const { client, tableName: TableName } = deps;
  const iso = () => deps.now().toISOString();

  const putEvent = (hireId: string, event: Omit<HireEvent, 'at'>, at = iso()) =>
    client.send(new PutCommand({ TableName, Item: { ...hireEventKey(hireId, at, suffix()), ...event, at } }));

  const store: HireStore = {
    async create(record, event) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...hireKey(record.hireId), ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) {
          throw new DuplicateError(record.hireId, `hire ${record.hireId} exists already`, { cause: err });
        }
        throw err;
      }
      await putEvent(record.hireId, { ...event, stage: record.stage }, record.createdAt);
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
      const stageConditions = expected.map((stage, n) => {
        values[`:from${n}`] = stage;
        return `#stage = :from${n}`;
      });
      let update = `SET ${sets.join(', ')} ADD #version :one`;
      if (removes.length) update += ` REMOVE ${removes.join(', ')}`;
      try {
        const out = await client.send(
          new UpdateCommand({
            TableName,
            Key: hireKey(hireId),
            UpdateExpression: update,
            ConditionExpression: `attribute_exists(pk) AND (${stageConditions.join(' OR ')})`,
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
        throw new StageConflictError({ hireId, expected, actual: actual.stage }, { cause: err });
      }
    },

    appendEvent: (hireId, event) => putEvent(hireId, event).then(() => undefined),

    async history(hireId) {
      const events: HireEvent[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': hireKey(hireId).pk, ':prefix': HISTORY_PREFIX },
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) {
          const { pk: _pk, sk: _sk, ...event } = item;
          events.push(event as HireEvent);
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return events;
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

    async markEmailSent(hireId, ledgerKey, messageId) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: emailLedgerKey(hireId, ledgerKey),
          UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'SENT', ':id': messageId, ':now': iso() },
        }),
      );
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
