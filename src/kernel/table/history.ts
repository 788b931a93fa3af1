import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HireEvent } from '../hire/record';
import { HISTORY_PREFIX, hireEventKey, hireKey } from './keys';
import { itemsOfHire, type TableDeps, withoutKeys } from './table';

/**
 * A hire's history (`HIRE#<id>` / `EVENT#<time>#<random>`): one item per line, so the hire item stays
 * small and a line is never lost to a concurrent write of the hire.
 */
export interface HireHistory {
  append(hireId: string, event: Omit<HireEvent, 'at'>): Promise<void>;
  /** Oldest first. */
  list(hireId: string): Promise<HireEvent[]>;
}

/** A history line's item, at `now`; the random suffix keeps two lines of one moment apart. */
export function historyItem(
  hireId: string,
  event: Omit<HireEvent, 'at'>,
  now: Date,
): Record<string, unknown> {
  const at = now.toISOString();
  return { ...hireEventKey(hireId, at, randomBytes(4).toString('hex')), ...event, at };
}

export function createHireHistory(deps: TableDeps): HireHistory {
  return {
    async append(hireId, event) {
      await deps.client.send(
        new PutCommand({ TableName: deps.tableName, Item: historyItem(hireId, event, deps.now()) }),
      );
    },
    async list(hireId) {
      const items = await itemsOfHire(deps, hireKey(hireId).pk, HISTORY_PREFIX);
      return items.map((item) => withoutKeys(item) as unknown as HireEvent);
    },
  };
}
