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

export function createHireHistory(deps: TableDeps): HireHistory {
  return {
    async append(hireId, event) {
      const at = deps.now().toISOString();
      const suffix = randomBytes(4).toString('hex');
      await deps.client.send(
        new PutCommand({
          TableName: deps.tableName,
          Item: { ...hireEventKey(hireId, at, suffix), ...event, at },
        }),
      );
    },
    async list(hireId) {
      const items = await itemsOfHire(deps, hireKey(hireId).pk, HISTORY_PREFIX);
      return items.map((item) => withoutKeys(item) as unknown as HireEvent);
    },
  };
}
