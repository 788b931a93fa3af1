import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { allowlistSeenKey } from './keys';
import { conditionHeld, type TableDeps } from './table';

/** The firewall rules the allowlist watch saw last, and how many changes it has seen (the version). */
export interface SeenAllowlist {
  version: number;
  rules: string[];
  syncToken: string;
  createDate: string;
  seenAt: string;
  /**
   * The read date of the product's copy of the port page (port-page.json) the rules were made with; absent
   * in an item an older release saved.
   */
  portPage?: string;
}

/**
 * One item (`NETWORK#allowlist` / `SEEN`). The rule keys are stored gzip'd: a Region's AMAZON ranges are
 * hundreds of rules, and an item holds at most 400 KB. `save` expects the version it read, so two runs at
 * once cannot both move it on.
 */
export interface AllowlistSeenStore {
  get(): Promise<SeenAllowlist | undefined>;
  /** False when another run saved first (the version was no longer `expectedVersion`). */
  save(next: SeenAllowlist, expectedVersion: number | undefined): Promise<boolean>;
}

export function createAllowlistSeenStore(deps: TableDeps): AllowlistSeenStore {
  const { client, tableName: TableName } = deps;
  return {
    async get() {
      const out = await client.send(
        new GetCommand({ TableName, Key: allowlistSeenKey(), ConsistentRead: true }),
      );
      const item = out.Item;
      if (!item) return undefined;
      return {
        version: Number(item.version),
        rules: JSON.parse(gunzipSync(item.rules as Uint8Array).toString('utf8')) as string[],
        syncToken: String(item.syncToken ?? ''),
        createDate: String(item.createDate ?? ''),
        seenAt: String(item.seenAt ?? ''),
        ...(typeof item.portPage === 'string' ? { portPage: item.portPage } : {}),
      };
    },
    async save(next, expectedVersion) {
      return conditionHeld(
        client.send(
          new PutCommand({
            TableName,
            Item: {
              ...allowlistSeenKey(),
              version: next.version,
              rules: gzipSync(JSON.stringify(next.rules)),
              syncToken: next.syncToken,
              createDate: next.createDate,
              seenAt: next.seenAt,
              ...(next.portPage ? { portPage: next.portPage } : {}),
            },
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          }),
        ),
      );
    },
  };
}
