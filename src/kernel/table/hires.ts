import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  DuplicateError,
  ExecutionSupersededError,
  HireNotFoundError,
  StageConflictError,
  VersionConflictError,
} from '../errors';
import type { HireRecord } from '../hire/record';
import type { Stage } from '../hire/stages';
import { type WatchPolicy, watchAfterMove } from '../hire/watched-stages';
import {
  DEFAULT_WATCH_POLICY,
  expectedStages,
  type FieldUpdate,
  type StageMove,
  watchAfterWrite,
} from './hire-write';
import type { HireHistory } from './history';
import { dueKey, hireFromItem, hireKey, readyKey, type WorkQueueName, watchKey, workKey } from './keys';
import { isConditionFailed, type TableDeps } from './table';

export type { FieldUpdate, StageMove } from './hire-write';

/** A hire with the index entries the reconciler and the workflow's queue step judge it by. */
export interface HireWithIndexes {
  hire: HireRecord;
  /** Its entry on a provisioner queue, if any. */
  work?: { queue: WorkQueueName; dueAt: string };
  /** When the reconciler looks at it next, if it is watched. */
  watchAt?: string;
}

/**
 * The hire items (`HIRE#<id>` / `HIRE`): the record and the sparse-index attributes that ride on it (work
 * queue, reminder due time, watch time), which change in the same conditional write as the stage, so an
 * index never disagrees with the stage it was written for. A write's history line goes to HireHistory.
 */
export interface HireStore {
  /**
   * Puts a new hire (with its readiness check time, if any); DuplicateError when it exists. Its first
   * history event is the caller's to add.
   */
  create(record: HireRecord, index?: { readyAt?: string }): Promise<void>;
  get(hireId: string): Promise<HireRecord | undefined>;
  require(hireId: string): Promise<HireRecord>;
  /** A stage change along the stage table (src/kernel/hire/stages.ts). */
  move(hireId: string, move: StageMove): Promise<HireRecord>;
  /** Fields of a hire that must still be in `update.stage`; the stage stays. */
  update(hireId: string, update: FieldUpdate): Promise<HireRecord>;
  /** The hire (consistent read) with its provisioner queue entry and its watch time. */
  getWithIndexes(hireId: string): Promise<HireWithIndexes | undefined>;
}

/** A new hire's item: the record, its watch time (the one rule of watched-stages.ts), its readiness time. */
export function newHireItem(
  record: HireRecord,
  indexes: { readyAt?: string },
  ctx: { now: Date; policy?: WatchPolicy },
): Record<string, unknown> {
  const watchAt = watchAfterMove(record.stage, {
    now: ctx.now,
    provisionAt: record.provisionAt,
    policy: ctx.policy ?? DEFAULT_WATCH_POLICY,
  });
  return {
    ...hireKey(record.hireId),
    ...record,
    ...(watchAt ? watchKey(watchAt) : {}),
    ...(indexes.readyAt ? readyKey(indexes.readyAt) : {}),
  };
}

export function createHireStore(
  deps: TableDeps & { history: Pick<HireHistory, 'append'>; watch?: WatchPolicy },
): HireStore {
  const { client, tableName: TableName } = deps;
  const policy = deps.watch ?? DEFAULT_WATCH_POLICY;

  const getItem = async (hireId: string) =>
    (await client.send(new GetCommand({ TableName, Key: hireKey(hireId), ConsistentRead: true }))).Item;

  const get = async (hireId: string) => {
    const item = await getItem(hireId);
    return item ? hireFromItem(item) : undefined;
  };

  /** One conditional UpdateItem: `to` is the stage to write (a move) or undefined (an update). */
  async function write(
    hireId: string,
    w: StageMove | FieldUpdate,
    expected: readonly Stage[],
    to: Stage | undefined,
  ): Promise<HireRecord> {
    const now = deps.now();
    const names: Record<string, string> = {
      '#stage': 'stage',
      '#version': 'version',
      '#updatedAt': 'updatedAt',
    };
    const values: Record<string, unknown> = { ':one': 1, ':now': now.toISOString() };
    const sets = ['#updatedAt = :now'];
    const removes: string[] = [];
    if (to) {
      values[':to'] = to;
      sets.push('#stage = :to');
    }
    let i = 0;
    for (const [field, value] of Object.entries(w.set ?? {})) {
      if (value === undefined) continue;
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = :f${i}`);
      i++;
    }
    for (const field of w.remove ?? []) {
      names[`#f${i}`] = field;
      removes.push(`#f${i}`);
      i++;
    }
    const index = (attributes: Record<string, string> | null, keys: [string, string]) => {
      for (const k of keys) names[`#${k}`] = k;
      if (attributes) {
        for (const k of keys) {
          values[`:${k}`] = attributes[k];
          sets.push(`#${k} = :${k}`);
        }
      } else removes.push(...keys.map((k) => `#${k}`));
    };
    if (w.work !== undefined) {
      index(w.work && workKey(w.work.queue, w.work.dueAt, hireId), ['workPk', 'workSk']);
    }
    if (w.due !== undefined) index(w.due && dueKey(w.due.at), ['duePk', 'dueAt']);
    if (w.ready !== undefined) index(w.ready && readyKey(w.ready.at), ['readyPk', 'readyAt']);
    // An update expects one stage, so the watch rule knows the stage it is for.
    const watchAt = watchAfterWrite(w, to ?? expected[0]!, to !== undefined, { now, policy });
    if (watchAt !== undefined) index(watchAt ? watchKey(watchAt) : null, ['watchPk', 'watchAt']);

    const stageConditions = expected.map((stage, n) => {
      values[`:from${n}`] = stage;
      return `#stage = :from${n}`;
    });
    let condition = `attribute_exists(pk) AND (${stageConditions.join(' OR ')})`;
    if (w.expectVersion !== undefined) {
      values[':expectVersion'] = w.expectVersion;
      condition += ' AND #version = :expectVersion';
    }
    if (w.expectExecutionName !== undefined) {
      names['#executionName'] = 'executionName';
      values[':expectExecution'] = w.expectExecutionName;
      condition += ' AND #executionName = :expectExecution';
    }
    let expression = `SET ${sets.join(', ')} ADD #version :one`;
    if (removes.length) expression += ` REMOVE ${removes.join(', ')}`;
    try {
      const out = await client.send(
        new UpdateCommand({
          TableName,
          Key: hireKey(hireId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const hire = hireFromItem(out.Attributes!);
      if (w.event) await deps.history.append(hireId, { ...w.event, stage: hire.stage });
      return hire;
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      throw await conflictOf(hireId, w, expected, err);
    }
  }

  /** Which condition failed, as the domain error a caller handles. */
  async function conflictOf(
    hireId: string,
    w: StageMove | FieldUpdate,
    expected: readonly Stage[],
    err: unknown,
  ) {
    const actual = await get(hireId);
    if (!actual) return new HireNotFoundError(hireId, { cause: err });
    if (w.expectExecutionName !== undefined && actual.executionName !== w.expectExecutionName) {
      return new ExecutionSupersededError(
        { hireId, executionName: w.expectExecutionName, current: actual.executionName },
        { cause: err },
      );
    }
    if (w.expectVersion !== undefined && expected.includes(actual.stage)) {
      return new VersionConflictError(
        { hireId, expected: w.expectVersion, actual: actual.version },
        { cause: err },
      );
    }
    return new StageConflictError({ hireId, expected: [...expected], actual: actual.stage }, { cause: err });
  }

  return {
    async create(record, indexes = {}) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: newHireItem(record, indexes, { now: deps.now(), policy }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (isConditionFailed(err)) {
          throw new DuplicateError(record.hireId, `hire ${record.hireId} exists already`, { cause: err });
        }
        throw err;
      }
    },

    get,

    async require(hireId) {
      const hire = await get(hireId);
      if (!hire) throw new HireNotFoundError(hireId);
      return hire;
    },

    // Checked against the stage table first: a refused move writes nothing.
    move: async (hireId, move) => write(hireId, move, expectedStages(hireId, move), move.to),

    update: async (hireId, update) => write(hireId, update, [update.stage], undefined),

    async getWithIndexes(hireId) {
      const item = await getItem(hireId);
      if (!item) return undefined;
      const view: HireWithIndexes = { hire: hireFromItem(item) };
      if (typeof item.workPk === 'string' && typeof item.workSk === 'string') {
        view.work = { queue: item.workPk as WorkQueueName, dueAt: item.workSk.split('#')[0]! };
      }
      if (typeof item.watchAt === 'string') view.watchAt = item.watchAt;
      return view;
    },
  };
}
