import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../local/clock';
import { localCredentials, startDynamo } from '../../local/dynamodb';
import { startHttpApi } from '../../local/http-api';
import { createLocalLambdas, LOCAL_CONTAINERS_PER_FUNCTION, type LocalLambdas } from '../../local/lambdas';
import type { FunctionSpec } from '../../local/serverless-config';

/**
 * The local Lambda runner and HTTP API against dynalite and a real HTTP server: a function past its
 * timeout is stopped as Lambda stops it (no call of it reaches another service afterwards), and the HTTP
 * API answers as API Gateway does (a failed or timed-out function, an integration that timed out, a path
 * that does not decode). The handlers are test/fixtures/lambdas/late.ts.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const TABLE = 'late-calls';
const outcomes = async (reset = false) =>
  (await lambdas.invoke('outcomes', { reset })) as { lateCall?: string; mostRunning: number };

function spec(key: string, handler: string, timeoutSeconds: number, path?: string): FunctionSpec {
  return {
    key,
    name: `local-${key}`,
    arn: `arn:aws:lambda:ap-northeast-1:000000000000:function:local-${key}`,
    handler: `test/fixtures/lambdas/late.${handler}`,
    timeoutSeconds,
    memoryMb: 128,
    httpApi: path ? [{ method: 'GET', path }] : [],
    schedules: [],
    eventPatterns: [],
  };
}

const clock = createLocalClock();
let dynamo: Awaited<ReturnType<typeof startDynamo>>;
let lambdas: LocalLambdas;
let api: Awaited<ReturnType<typeof startHttpApi>>;
let hanging: Server;
let hangingUrl: string;
const held: IncomingMessage[] = [];

beforeAll(async () => {
  dynamo = await startDynamo({
    host: '127.0.0.1',
    port: 0,
    region: 'ap-northeast-1',
    tables: [
      {
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
      },
    ],
  });
  lambdas = createLocalLambdas(
    ROOT,
    [
      spec('writeLate', 'writeLate', 1),
      spec('fetchHanging', 'fetchHanging', 1),
      spec('answerAfter', 'answerAfter', 1, '/answer/{id}'),
      spec('answerAfterLong', 'answerAfter', 5, '/long/{id}'),
      spec('countRunning', 'countRunning', 1),
      spec('outcomes', 'outcomes', 1),
      spec('whereAmI', 'whereAmI', 1),
    ],
    { region: 'ap-northeast-1', clock },
  );
  api = await startHttpApi({
    lambdas,
    host: '127.0.0.1',
    port: 0,
    accountId: '000000000000',
    fallback: async () => false,
    integrationTimeoutMs: 1_500,
  });
  hanging = createServer((req) => held.push(req));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/slow`;
});
afterAll(async () => {
  await api?.close();
  hanging?.closeAllConnections();
  await new Promise<void>((resolve) => (hanging ? hanging.close(() => resolve()) : resolve()));
  await dynamo?.close();
});

describe('where a local function runs', () => {
  it('in a thread of its own beside the emulators, on the local clock as it moves', async () => {
    const before = (await lambdas.invoke('whereAmI', {})) as { isMainThread: boolean; clockMs: number };
    expect(before.isMainThread).toBe(false);
    clock.advance(86_400_000);
    const after = (await lambdas.invoke('whereAmI', {})) as { clockMs: number };
    expect(after.clockMs - before.clockMs).toBeGreaterThanOrEqual(86_400_000);
    expect(Math.abs(after.clockMs - clock.nowMs())).toBeLessThan(60_000);
  });
});

describe('an event that cannot be passed to a function', () => {
  it('fails that invocation with a clear error and leaves nothing running', async () => {
    await expect(lambdas.invoke('whereAmI', { callback: () => 1 })).rejects.toThrow(
      /the event cannot be passed to the function/,
    );
    expect(lambdas.running()).toBe(0);
    expect(((await lambdas.invoke('whereAmI', {})) as { isMainThread: boolean }).isMainThread).toBe(false);
  });
});

describe('many invocations of one local function at once', () => {
  it('run at most LOCAL_CONTAINERS_PER_FUNCTION at a time, each timed from its own start', async () => {
    await outcomes(true);
    const n = LOCAL_CONTAINERS_PER_FUNCTION + 20;
    // 600 ms each against a 1 s timeout: the last 20 end about 1.2 s after they were asked, yet in time.
    const settled = await Promise.allSettled(
      Array.from({ length: n }, () => lambdas.invoke('countRunning', { waitMs: 600 })),
    );
    expect(settled.filter((o) => o.status === 'rejected')).toEqual([]);
    expect((await outcomes()).mostRunning).toBe(LOCAL_CONTAINERS_PER_FUNCTION);
  });
});

describe('a local function past its timeout', () => {
  it('is reported as Sandbox.Timedout, and its later AWS call never reaches the service', async () => {
    await outcomes(true);
    const started = Date.now();
    await expect(
      lambdas.invoke('writeLate', {
        endpoint: dynamo.url,
        table: TABLE,
        id: 'after-deadline',
        waitMs: 2_500,
      }),
    ).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: 'Task timed out after 1.00 seconds' });
    // Answered at the deadline, not when the handler finishes.
    expect(Date.now() - started).toBeLessThan(2_000);
    // The handler goes on, tries its write after the deadline, and is refused before anything is sent.
    await expect.poll(async () => (await outcomes()).lateCall, { timeout: 5_000 }).toBe('SandboxStopped');
    const client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'ap-northeast-1',
      credentials: localCredentials,
    });
    const found = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'after-deadline' }, sk: { S: 'late' } } }),
    );
    client.destroy();
    expect(found.Item).toBeUndefined();
  });

  it('writes as usual when it finishes in time (the same handler, well within its timeout)', async () => {
    await outcomes(true);
    await expect(
      lambdas.invoke('writeLate', { endpoint: dynamo.url, table: TABLE, id: 'in-time', waitMs: 0 }),
    ).resolves.toEqual({ written: 'in-time' });
    expect((await outcomes()).lateCall).toBe('written');
  });

  it('has its request in flight cut at the deadline', async () => {
    await outcomes(true);
    const before = held.length;
    await expect(lambdas.invoke('fetchHanging', { url: hangingUrl })).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
    });
    await expect.poll(async () => (await outcomes()).lateCall, { timeout: 2_000 }).toBe('SandboxStopped');
    // The server that held the request sees its connection go away.
    const request = held[before]!;
    expect(request).toBeDefined();
    await expect.poll(() => request.socket.destroyed, { timeout: 2_000 }).toBe(true);
  });
});

describe('the local HTTP API', () => {
  it('answers a function that timed out with 500, as for any failed function', async () => {
    const started = Date.now();
    const res = await fetch(`${api.url}/answer/x?wait=4000`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('answers 504 when the function outlasts the integration timeout, without waiting for it', async () => {
    const started = Date.now();
    const res = await fetch(`${api.url}/long/x?wait=4000`);
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(3_000);
    const fast = await fetch(`${api.url}/long/x?wait=0`);
    expect(fast.status).toBe(200);
    expect(await fast.text()).toBe('done');
  });

  it('answers a path whose percent-encoding does not decode with 400, before any function runs', async () => {
    const before = lambdas.stats().invocations.answerAfter ?? 0;
    for (const path of ['/answer/%E0%A4%A', '/answer/%ZZ', '/answer/%C3']) {
      const res = await fetch(`${api.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ message: 'Bad Request' });
    }
    expect(lambdas.stats().invocations.answerAfter ?? 0).toBe(before);
    // A well-formed escape still decodes into the path parameter.
    expect((await fetch(`${api.url}/answer/%E3%81%82`)).status).toBe(200);
  });
});
