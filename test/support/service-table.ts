import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localCredentials, startDynamo } from '../../local/dynamodb';
import { readServiceSpec } from '../../local/serverless-config';

const ROOT = resolve(import.meta.dirname, '..', '..');
const REGION = 'ap-northeast-1';

/** The table of serverless.yml on the local DynamoDB (dynalite), with a document client on it. */
export async function startServiceTable(): Promise<{
  tableName: string;
  client: DynamoDBDocumentClient;
  close(): Promise<void>;
}> {
  const spec = readServiceSpec(ROOT, { stage: 'test', region: REGION, accountId: '000000000000' });
  const table = Object.values(spec.resources).find((r) => r.Type === 'AWS::DynamoDB::Table')!;
  const tableName = String((table.Properties as { TableName: string }).TableName);
  const dynamo = await startDynamo({
    host: '127.0.0.1',
    port: 0,
    region: REGION,
    tables: [table.Properties],
  });
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.url, region: REGION, credentials: localCredentials }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return {
    tableName,
    client,
    async close() {
      client.destroy();
      await dynamo.close();
    },
  };
}
