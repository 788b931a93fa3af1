import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** What every store of the one table is built from. */
export interface TableDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

export const isConditionFailed = (err: unknown): boolean => err instanceof ConditionalCheckFailedException;

/** Whether a conditional write was made: false when its condition failed; any other error is thrown. */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** A conditional write whose condition failing means "nothing to do" (released already, used already). */
export function ignoreConditionFailed(err: unknown): void {
  if (!isConditionFailed(err)) throw err;
}

/**
 * Items of one Query, page after page, until `limit` items (or the end). Returns the key to carry on
 * from when it stopped early; `pageLimit` caps one page (a sparse index is read in pages of 500).
 */
export async function queryPages(
  deps: Pick<TableDeps, 'client' | 'tableName'>,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  opts: { limit?: number; pageLimit?: number; startKey?: Record<string, unknown> | undefined } = {},
): Promise<{ items: Record<string, unknown>[]; lastKey?: Record<string, unknown> }> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey = opts.startKey;
  do {
    const room = limit - items.length;
    const pageLimit = Math.min(room, opts.pageLimit ?? Number.POSITIVE_INFINITY);
    const out = await deps.client.send(
      new QueryCommand({
        ...input,
        TableName: deps.tableName,
        ...(Number.isFinite(pageLimit) ? { Limit: pageLimit } : {}),
        ExclusiveStartKey,
      }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < limit);
  return ExclusiveStartKey ? { items, lastKey: ExclusiveStartKey } : { items };
}

/** Every item of one hire whose sort key starts with `prefix` (its history, its email ledger). */
export async function itemsOfHire(
  deps: Pick<TableDeps, 'client' | 'tableName'>,
  pk: string,
  prefix: string,
): Promise<Record<string, unknown>[]> {
  const { items } = await queryPages(deps, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  });
  return items;
}

/** An item without its table keys. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}
