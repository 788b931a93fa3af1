import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { HireRecord } from '../../src/kernel/hire/record';
import { hireKey } from '../../src/kernel/table/keys';
import type { TestCloud } from './local-cloud';

/** Reads the hire table of a test cloud directly (integration tests look behind the HTTP contract). */
export function hireTable(cloud: TestCloud) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.urls.dynamodb,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const TableName = process.env.TABLE_NAME!;
  return {
    async get(hireId: string): Promise<HireRecord | undefined> {
      const out = await client.send(
        new GetCommand({ TableName, Key: hireKey(hireId), ConsistentRead: true }),
      );
      return out.Item as HireRecord | undefined;
    },
    async stage(hireId: string): Promise<string | undefined> {
      return (await this.get(hireId))?.stage;
    },
    /** Every item, for "nothing was stored" assertions. */
    async count(): Promise<number> {
      let n = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new ScanCommand({ TableName, Select: 'COUNT', ExclusiveStartKey }));
        n += out.Count ?? 0;
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return n;
    },
    async hires(): Promise<HireRecord[]> {
      const items: HireRecord[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new ScanCommand({
            TableName,
            FilterExpression: 'sk = :hire',
            ExpressionAttributeValues: { ':hire': 'HIRE' },
            ExclusiveStartKey,
          }),
        );
        items.push(...((out.Items ?? []) as HireRecord[]));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
    destroy: () => client.destroy(),
  };
}
