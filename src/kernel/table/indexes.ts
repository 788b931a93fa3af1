import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../errors';
import type { HireRecord, ReportHire } from '../hire/record';
import type { Stage } from '../hire/stages';
import { isWatched } from '../hire/watched-stages';
import {
  DUE_INDEX,
  DUE_PARTITION,
  hireFromItem,
  hireIdOfKey,
  hireKey,
  READY_INDEX,
  READY_PARTITION,
  STAGE_INDEX,
  WATCH_INDEX,
  WATCH_PARTITION,
  WORK_INDEX,
  type WorkQueueName,
} from './keys';
import { conditionHeld, queryPages, type TableDeps } from './table';

/**
 * The readers of the hire item's sparse indexes, each a Query (never a Scan) for the one function that
 * needs it. The index attributes are written with the stage, by HireStore; the watch index also moves its
 * own time (the reconciler pushes a living hire's next look on without touching the hire).
 */

// A sparse index is read in pages of this many items.
const PAGE = 500;

/** The provisioner's queues (`work`): hires whose work is due, oldest first. */
export interface WorkQueue {
  listDue(queue: WorkQueueName, dueBy: string, limit: number): Promise<HireRecord[]>;
}

export function createWorkQueue(deps: TableDeps): WorkQueue {
  return {
    async listDue(queue, dueBy, limit) {
      const { items } = await queryPages(
        deps,
        {
          IndexName: WORK_INDEX,
          KeyConditionExpression: 'workPk = :queue AND workSk <= :dueBy',
          ExpressionAttributeValues: { ':queue': queue, ':dueBy': `${dueBy}#\uffff` },
        },
        { limit, pageLimit: PAGE },
      );
      return items.map(hireFromItem);
    },
  };
}

/** The readiness checks still to go out (`ready`): the ids of those due by `dueBy`, oldest first. */
export interface ReadyIndex {
  listDue(dueBy: string, limit: number): Promise<string[]>;
}

export function createReadyIndex(deps: TableDeps): ReadyIndex {
  return {
    async listDue(dueBy, limit) {
      const { items } = await queryPages(
        deps,
        {
          IndexName: READY_INDEX,
          KeyConditionExpression: 'readyPk = :ready AND readyAt <= :dueBy',
          ExpressionAttributeValues: { ':ready': READY_PARTITION, ':dueBy': dueBy },
        },
        { limit, pageLimit: PAGE },
      );
      return items.map((item) => hireIdOfKey(item.pk as string));
    },
  };
}

/** The reminder run's index (`due`): hires whose reminder or escalation is due, oldest first. */
export interface DueIndex {
  /** `cursor` continues a page; `itemsRead` shows the index stays sparse (about one item per due hire). */
  listDue(
    dueBy: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ hires: HireRecord[]; cursor?: Record<string, unknown>; itemsRead: number }>;
}

export function createDueIndex(deps: TableDeps): DueIndex {
  return {
    async listDue(dueBy, limit, cursor) {
      const { items, lastKey } = await queryPages(
        deps,
        {
          IndexName: DUE_INDEX,
          KeyConditionExpression: 'duePk = :due AND dueAt <= :dueBy',
          ExpressionAttributeValues: { ':due': DUE_PARTITION, ':dueBy': dueBy },
        },
        { limit, pageLimit: PAGE, startKey: cursor },
      );
      const hires = items.map(hireFromItem);
      return lastKey
        ? { hires, cursor: lastKey, itemsRead: items.length }
        : { hires, itemsRead: items.length };
    },
  };
}

/** The reconciler's index (`watch`): hires whose stage should have moved by `watchAt`. */
export interface WatchIndex {
  /** Ids of the hires due by `dueBy`, soonest first (keys only: the reconciler re-reads each hire). */
  listDue(dueBy: string, limit: number): Promise<string[]>;
  /**
   * Moves the hire's watch time (or takes it off the index with `null`) if it is still in `stage`; the
   * hire itself is unchanged (no version bump). False when it moved on meanwhile.
   */
  watchAgain(hireId: string, stage: Stage, at: string | null): Promise<boolean>;
}

export function createWatchIndex(deps: TableDeps): WatchIndex {
  return {
    async listDue(dueBy, limit) {
      const { items } = await queryPages(
        deps,
        {
          IndexName: WATCH_INDEX,
          KeyConditionExpression: 'watchPk = :watch AND watchAt <= :dueBy',
          ExpressionAttributeValues: { ':watch': WATCH_PARTITION, ':dueBy': dueBy },
        },
        { limit, pageLimit: PAGE },
      );
      return items.map((item) => hireIdOfKey(String(item.pk)));
    },

    async watchAgain(hireId, stage, at) {
      const watched = at !== null && isWatched(stage);
      return conditionHeld(
        deps.client.send(
          new UpdateCommand({
            TableName: deps.tableName,
            Key: hireKey(hireId),
            UpdateExpression: watched ? 'SET watchPk = :watch, watchAt = :at' : 'REMOVE watchPk, watchAt',
            ConditionExpression: 'attribute_exists(pk) AND #stage = :stage',
            ExpressionAttributeNames: { '#stage': 'stage' },
            ExpressionAttributeValues: {
              ':stage': stage,
              ...(watched ? { ':watch': WATCH_PARTITION, ':at': at } : {}),
            },
          }),
        ),
      );
    },
  };
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

/** The admin lists (`stage`: the hire item's own `stage` and `updatedAt`). */
export interface StageIndex {
  list(query: StageQuery): Promise<HirePage>;
  /**
   * Every hire in `stage` (changed at or after `since`; of `wave`) as the report's projection, read page
   * by page; `itemsRead` counts what DynamoDB read (a wave filter reads the stage's other hires too).
   */
  reportRows(query: ReportQuery): Promise<{ hires: ReportHire[]; queries: number; itemsRead: number }>;
}

export interface ReportQuery {
  stage: Stage;
  since?: string;
  wave?: string;
}

// The report's projection: a few hundred bytes a hire (names and addresses stay behind).
const REPORT_ATTRIBUTES = [
  'stage',
  'source',
  'wave',
  'createdAt',
  'updatedAt',
  'firstInvitedAt',
  'invitedAt',
  'activeAt',
  'watchAt',
  'escalatedAt',
  'workspaceId',
  'protocol',
  'workspaceTerminatedAt',
] as const;
const REPORT_NESTED = {
  employeeId: ['person', 'employeeId'],
  bounceType: ['bounce', 'type'],
  lastError: ['lastError', 'error'],
  foreignWorkspace: ['foreignWorkspace', 'workspaceId'],
} as const;

export function createStageIndex(deps: TableDeps): StageIndex {
  return {
    async list(query) {
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
      // A filter applies after Limit: queryPages reads on until the page is full or the index is exhausted.
      const { items, lastKey } = await queryPages(
        deps,
        {
          IndexName: STAGE_INDEX,
          KeyConditionExpression: keyCondition,
          ...(filter ? { FilterExpression: filter } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
        },
        { limit: query.limit, startKey: decodeCursor(query.cursor) },
      );
      const hires = items.map(hireFromItem);
      const cursor = encodeCursor(lastKey);
      return cursor ? { hires, cursor } : { hires };
    },

    async reportRows(query) {
      const names: Record<string, string> = {};
      const alias = (attribute: string) => {
        const name = `#${attribute}`;
        names[name] = attribute;
        return name;
      };
      const projection = [
        ...REPORT_ATTRIBUTES.map(alias),
        ...Object.values(REPORT_NESTED).map((path) => path.map(alias).join('.')),
      ].join(', ');
      const values: Record<string, unknown> = { ':stage': query.stage };
      let keyCondition = '#stage = :stage';
      if (query.since) {
        values[':since'] = query.since;
        keyCondition += ' AND #updatedAt >= :since';
      }
      if (query.wave !== undefined) values[':wave'] = query.wave;
      const hires: ReportHire[] = [];
      let queries = 0;
      let itemsRead = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await deps.client.send(
          new QueryCommand({
            TableName: deps.tableName,
            IndexName: STAGE_INDEX,
            KeyConditionExpression: keyCondition,
            ...(query.wave !== undefined ? { FilterExpression: '#wave = :wave' } : {}),
            ProjectionExpression: projection,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ExclusiveStartKey,
          }),
        );
        queries++;
        itemsRead += out.ScannedCount ?? 0;
        for (const item of out.Items ?? []) hires.push(reportHireOf(item));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return { hires, queries, itemsRead };
    },
  };
}

function reportHireOf(item: Record<string, unknown>): ReportHire {
  const row: Record<string, unknown> = {};
  for (const attribute of REPORT_ATTRIBUTES)
    if (item[attribute] !== undefined) row[attribute] = item[attribute];
  for (const [field, [parent, child]] of Object.entries(REPORT_NESTED)) {
    const value = (item[parent] as Record<string, unknown> | undefined)?.[child];
    if (value !== undefined) row[field] = field === 'foreignWorkspace' ? true : value;
  }
  return row as unknown as ReportHire;
}

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
