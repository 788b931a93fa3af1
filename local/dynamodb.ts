import { createServer, type RequestListener, type Server } from 'node:http';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTransactionLayer } from './dynamodb-transactions';
import { closeServer, listen } from './http';

/**
 * dynalite (pure JS DynamoDB) with the tables of serverless.yml, behind the transaction layer
 * (dynamodb-transactions.ts: TransactWriteItems, which dynalite lacks). In memory unless `dataDir` is
 * given; then the layer's journal sits beside it (`<dataDir>-transactions`). No TTL expiry.
 */
export async function startDynamo(opts: {
  host: string;
  port: number;
  dataDir?: string;
  region: string;
  tables: Record<string, unknown>[];
}): Promise<{ url: string; close(): Promise<void> }> {
  const inner: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.dataDir ? { path: opts.dataDir } : {}),
  });
  // Reached in-process through its request listener; it listens only so that closing it closes its store.
  await listen(inner, '127.0.0.1', 0);
  const layer = createTransactionLayer({
    dynalite: inner.listeners('request')[0] as RequestListener,
    tables: opts.tables.map((t) => toCreateTable(t) as any),
    ...(opts.dataDir ? { journalDir: `${opts.dataDir}-transactions` } : {}),
  });
  const server = createServer(layer.handle);
  const closeAll = async () => {
    await closeServer(server);
    await layer.idle();
    await closeServer(inner);
  };
  const url = await listen(server, opts.host, opts.port).catch(async (err) => {
    await closeServer(inner);
    throw err;
  });
  const client = new DynamoDBClient({ endpoint: url, region: opts.region, credentials: localCredentials });
  try {
    for (const properties of opts.tables) {
      const input = toCreateTable(properties);
      try {
        await client.send(new CreateTableCommand(input));
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
        await checkIndexes(client, input, opts.dataDir);
      }
    }
    await layer.recover();
  } catch (err) {
    client.destroy();
    await closeAll();
    throw err;
  }
  client.destroy();
  return { url, close: closeAll };
}

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * A table kept in a data folder from before an index was added lacks it, and dynalite cannot add an index
 * to an existing table: say so plainly instead of failing later on a Query.
 */
async function checkIndexes(client: DynamoDBClient, wanted: CreateTableCommandInput, dataDir?: string) {
  const out = await client.send(new DescribeTableCommand({ TableName: wanted.TableName }));
  const have = new Set((out.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = (wanted.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).filter((n) => !have.has(n));
  if (missing.length) {
    throw new Error(
      `table ${wanted.TableName} in ${dataDir ?? 'memory'} has no index ${missing.join(', ')} (made by an ` +
        'earlier version): start with a new --data folder, or delete its dynamodb folder',
    );
  }
}

/** CloudFormation table properties → CreateTable input (backup, TTL and encryption settings are AWS-only). */
function toCreateTable(p: Record<string, any>): CreateTableCommandInput {
  return {
    TableName: p.TableName,
    BillingMode: p.BillingMode,
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
  };
}
