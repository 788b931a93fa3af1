import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  IdempotentParameterMismatchException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, startDynamo } from '../../local/dynamodb';
import { createTransactionLayer } from '../../local/dynamodb-transactions';
import { closeServer, listen } from '../../local/http';

/**
 * TransactWriteItems in the local DynamoDB, through the real SDK: what AWS refuses and answers
 * (docs/aws-facts.md, "DynamoDB transactions"), all or nothing, and never interleaved with another write.
 */
const REGION = 'ap-northeast-1';
const TABLE = 'tx-test';
const tableProperties = {
  TableName: TABLE,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

let dynamo: { url: string; close(): Promise<void> };
let db: DynamoDBDocumentClient;
let n = 0;
const key = (name: string) => ({ pk: `${name}-${++n}`, sk: 'ITEM' });
const get = async (k: Record<string, string>) =>
  (await db.send(new GetCommand({ TableName: TABLE, Key: k, ConsistentRead: true }))).Item;
const put = (item: Record<string, unknown>, condition?: string) => ({
  Put: { TableName: TABLE, Item: item, ...(condition ? { ConditionExpression: condition } : {}) },
});
const refusal = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeDefined();
  return err;
};

beforeAll(async () => {
  dynamo = await startDynamo({ host: '127.0.0.1', port: 0, region: REGION, tables: [tableProperties] });
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.url,
      region: REGION,
      credentials: localCredentials,
      maxAttempts: 1,
    }),
  );
});

afterAll(async () => {
  db?.destroy();
  await dynamo?.close();
});

describe('TransactWriteItems in the local DynamoDB', () => {
  it('writes every action when every condition holds: Put, Update, Delete and ConditionCheck', async () => {
    const [a, b, c, d] = [key('a'), key('b'), key('c'), key('d')];
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...b, count: 1 } }));
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...c, gone: true } }));
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...d, open: true } }));
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          put({ ...a, v: 'new' }, 'attribute_not_exists(pk)'),
          {
            Update: {
              TableName: TABLE,
              Key: b,
              UpdateExpression: 'ADD #c :one',
              ConditionExpression: '#c = :was',
              ExpressionAttributeNames: { '#c': 'count' },
              ExpressionAttributeValues: { ':one': 1, ':was': 1 },
            },
          },
          { Delete: { TableName: TABLE, Key: c } },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: d,
              ConditionExpression: '#o = :t',
              ExpressionAttributeNames: { '#o': 'open' },
              ExpressionAttributeValues: { ':t': true },
            },
          },
        ],
      }),
    );
    expect(await get(a)).toMatchObject({ v: 'new' });
    expect(await get(b)).toMatchObject({ count: 2 });
    expect(await get(c)).toBeUndefined();
    expect(await get(d)).toEqual({ ...d, open: true });
  });

  it('writes nothing when one condition fails, and names the failed one among reasons in request order, with ALL_OLD', async () => {
    const [a, b, c] = [key('a'), key('b'), key('c')];
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...b, holder: 'someone' } }));
    const err = await refusal(
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            put({ ...a, v: 1 }, 'attribute_not_exists(pk)'),
            {
              Put: {
                TableName: TABLE,
                Item: { ...b, holder: 'me' },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            put({ ...c, v: 3 }),
          ],
        }),
      ),
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
    const reasons = (err as TransactionCanceledException).CancellationReasons!;
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
    expect(unmarshall(reasons[1]!.Item!)).toEqual({ ...b, holder: 'someone' });
    expect((err as Error).message).toContain('[None, ConditionalCheckFailed, None]');
    expect(await get(a)).toBeUndefined();
    expect(await get(c)).toBeUndefined();
    expect(await get(b)).toMatchObject({ holder: 'someone' });
  });

  it('gives no item with a failed reason unless ALL_OLD is asked for', async () => {
    const a = key('a');
    await db.send(new PutCommand({ TableName: TABLE, Item: a }));
    const err = (await refusal(
      db.send(new TransactWriteCommand({ TransactItems: [put(a, 'attribute_not_exists(pk)')] })),
    )) as TransactionCanceledException;
    expect(err.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
  });

  it('refuses two actions on one item, no action, more than 100 actions, and an action with two kinds: ValidationException', async () => {
    const a = key('a');
    const twice = await refusal(
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            put({ ...a, v: 1 }),
            { ConditionCheck: { TableName: TABLE, Key: a, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
    );
    expect(twice.name).toBe('ValidationException');
    expect(twice.message).toContain('multiple operations on one item');
    const many = Array.from({ length: 101 }, (_, i) => put({ pk: `many-${n}-${i}`, sk: 'ITEM' }));
    const tooMany = await refusal(db.send(new TransactWriteCommand({ TransactItems: many })));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toContain('less than or equal to 100');
    const none = await refusal(db.send(new TransactWriteCommand({ TransactItems: [] })));
    expect(none.name).toBe('ValidationException');
    const both = await refusal(
      db.send(
        new TransactWriteCommand({
          TransactItems: [{ ...put(a), Delete: { TableName: TABLE, Key: a } }],
        }),
      ),
    );
    expect(both.name).toBe('ValidationException');
    expect(await get(a)).toBeUndefined();
    // 100 is allowed.
    await db.send(new TransactWriteCommand({ TransactItems: many.slice(0, 100) }));
    expect(await get({ pk: `many-${n}-99`, sk: 'ITEM' })).toBeDefined();
  });

  it('answers a repeated ClientRequestToken without writing again, and refuses it with other parameters', async () => {
    const a = key('a');
    const token = `token-${n}`;
    const request = {
      ClientRequestToken: token,
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: a,
            UpdateExpression: 'ADD #c :one',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ],
    };
    await db.send(new TransactWriteCommand(request));
    await db.send(new TransactWriteCommand(request));
    expect(await get(a)).toMatchObject({ count: 1 });
    const other = await refusal(
      db.send(new TransactWriteCommand({ ...request, TransactItems: [put({ ...a, count: 7 })] })),
    );
    expect(other).toBeInstanceOf(IdempotentParameterMismatchException);
    expect(await get(a)).toMatchObject({ count: 1 });
  });

  it('lets no concurrent write slip between a transaction’s checks and its writes', async () => {
    // Many transactions and plain conditional writes race for the same claim: exactly one wins, and every
    // transaction that lost left none of its other items behind.
    const claim = key('claim');
    const racers = Array.from({ length: 40 }, (_, i) => i);
    const results = await Promise.allSettled(
      racers.map((i) =>
        i % 2
          ? db.send(
              new TransactWriteCommand({
                TransactItems: [
                  put({ ...claim, holder: `h${i}` }, 'attribute_not_exists(pk)'),
                  put({ pk: `side-${n}-${i}`, sk: 'ITEM' }),
                ],
              }),
            )
          : db.send(
              new PutCommand({
                TableName: TABLE,
                Item: { ...claim, holder: `h${i}` },
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            ),
      ),
    );
    const winners = racers.filter((i) => results[i]!.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(await get(claim)).toMatchObject({ holder: `h${winners[0]}` });
    for (const i of racers.filter((i) => i % 2 && i !== winners[0])) {
      expect(await get({ pk: `side-${n}-${i}`, sk: 'ITEM' })).toBeUndefined();
    }
  });

  it('serializes an update racing a transaction on the same item: neither loses the other’s write', async () => {
    const counter = key('counter');
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...counter, count: 0 } }));
    const add = () => ({
      TableName: TABLE,
      Key: counter,
      UpdateExpression: 'SET #c = #c + :one',
      ExpressionAttributeNames: { '#c': 'count' },
      ExpressionAttributeValues: { ':one': 1 },
    });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? db.send(new TransactWriteCommand({ TransactItems: [{ Update: add() }] }))
          : db.send(new UpdateCommand(add())),
      ),
    );
    expect(await get(counter)).toMatchObject({ count: 30 });
  });
});

describe('a write racing into a transaction', () => {
  it('waits until the transaction has written: the transaction succeeds, the write lands after it', async () => {
    // The race, made certain: a plain PutItem is sent on the transaction's item right after its checks.
    let racing: Promise<unknown> | undefined;
    let raced = false;
    const inner = dynalite({ createTableMs: 0 });
    await listen(inner, '127.0.0.1', 0);
    const layer = createTransactionLayer({
      dynalite: inner.listeners('request')[0] as RequestListener,
      tables: [tableProperties],
      afterChecks: async () => {
        if (raced) return;
        raced = true;
        racing = client.send(
          new PutCommand({ TableName: TABLE, Item: { pk: 'raced', sk: 'ITEM', v: 'plain' } }),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    });
    const server = createServer(layer.handle);
    const url = await listen(server, '127.0.0.1', 0);
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: url, region: REGION, credentials: localCredentials, maxAttempts: 1 }),
    );
    try {
      await client.send(new CreateTableCommand(tableProperties as CreateTableCommandInput));
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: 'raced', sk: 'ITEM', v: 'first' } }));
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE,
                Item: { pk: 'raced', sk: 'ITEM', v: 'transaction' },
                ConditionExpression: 'v = :first',
                ExpressionAttributeValues: { ':first': 'first' },
              },
            },
          ],
        }),
      );
      await racing;
      const item = await client.send(
        new GetCommand({ TableName: TABLE, Key: { pk: 'raced', sk: 'ITEM' }, ConsistentRead: true }),
      );
      expect(item.Item).toMatchObject({ v: 'plain' });
    } finally {
      client.destroy();
      await closeServer(server);
      await closeServer(inner);
    }
  });
});

describe('a transaction cut short by a killed process', () => {
  it('is undone at the next start from its journal: no half transaction survives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tx-journal-'));
    const dataDir = join(dir, 'dynamodb');
    try {
      let local = await startDynamo({
        host: '127.0.0.1',
        port: 0,
        region: REGION,
        tables: [tableProperties],
        dataDir,
      });
      let client = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: local.url, region: REGION, credentials: localCredentials }),
      );
      const before = { pk: 'kept', sk: 'ITEM', v: 'before' };
      await client.send(new PutCommand({ TableName: TABLE, Item: before }));
      // What a kill between the first and the second write leaves: the first write made, its journal on disk.
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: 'kept', sk: 'ITEM', v: 'half' } }));
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: 'new', sk: 'ITEM' } }));
      writeFileSync(
        join(`${dataDir}-transactions`, '1-0.json'),
        JSON.stringify([
          {
            table: TABLE,
            key: { pk: { S: 'kept' }, sk: { S: 'ITEM' } },
            old: { pk: { S: 'kept' }, sk: { S: 'ITEM' }, v: { S: 'before' } },
          },
          { table: TABLE, key: { pk: { S: 'new' }, sk: { S: 'ITEM' } } },
          { table: TABLE, key: { pk: { S: 'other' }, sk: { S: 'ITEM' } } },
        ]),
      );
      client.destroy();
      await local.close();
      local = await startDynamo({
        host: '127.0.0.1',
        port: 0,
        region: REGION,
        tables: [tableProperties],
        dataDir,
      });
      client = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: local.url, region: REGION, credentials: localCredentials }),
      );
      const read = async (pk: string) =>
        (
          await client.send(
            new GetCommand({ TableName: TABLE, Key: { pk, sk: 'ITEM' }, ConsistentRead: true }),
          )
        ).Item;
      expect(await read('kept')).toEqual(before);
      expect(await read('new')).toBeUndefined();
      client.destroy();
      await local.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
