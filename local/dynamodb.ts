import type { Server } from 'node:http';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { listen } from './net';

/**
 * dynalite (pure JS DynamoDB) with the tables of serverless.yml. In memory unless `dataDir` is given.
 * dynalite has no transactions and no TTL expiry: the product uses single-item conditional writes only.
 */
export async function startDynamo(opts: {
  host: string;
  port: number;
  dataDir?: string;
  region: string;
  tables: Record<string, unknown>[];
}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.dataDir ? { path: opts.dataDir } : {}),
  });
  const url = await listen(server, opts.host, opts.port);
  const client = new DynamoDBClient({ endpoint: url, region: opts.region, credentials: localCredentials });
  for (const properties of opts.tables) {
    try {
      await client.send(new CreateTableCommand(toCreateTable(properties)));
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  }
  client.destroy();
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

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
