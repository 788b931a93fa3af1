import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalCloud } from '../local/cloud';
import { sampleHire } from '../local/webhook-client';
import { documentClient } from '../src/adapters/dynamo-client';
import { signWebhook } from '../src/domain/webhook-signature';
import { emitResult, median, percentile } from './stats';

/**
 * Scenario 2: signed POST /webhooks/hr (a new employee every request) at a fixed concurrency, beside a
 * baseline in the same process and run: a bare node:http server doing one DynamoDB PutItem to the same
 * dynalite with the same SDK. Rounds alternate baseline and webhook; each figure is the median of ROUNDS.
 * The server side (HTTP API, handler, dynalite, Step Functions) shares one Node thread, as `npm start`
 * does; the load generator runs in a worker thread. Start dates are 60 days out, so each execution parks in
 * its Wait state and the measured work is the webhook's alone.
 */
const CONCURRENCY = 16;
const WARMUP_MS = 2_000;
const DURATION_MS = 8_000;
const ROUNDS = 3;
const REQUESTS_PER_ROUND = 30_000;

interface Round {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  exhausted: boolean;
  answeredOk: number;
}

export interface WebhookResult {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  rounds: number;
  webhook: { rps: number; p50: number; p99: number; runs: Round[] };
  baseline: { rps: number; p50: number; p99: number; runs: Round[] };
  /** DynamoDB commands the webhook sent per accepted request (counted with an SDK middleware). */
  dynamoCommandsPerRequest: Record<string, number>;
}

export async function runWebhook(): Promise<WebhookResult> {
  const cloud = await startLocalCloud({
    ports: { http: 0, dynamodb: 0, ses: 0, workspaces: 0, stepfunctions: 0 },
    log: () => undefined,
  });
  const commands: Record<string, number> = {};
  documentClient().middlewareStack.add(
    (next, context) => (args) => {
      commands[context.commandName ?? '?'] = (commands[context.commandName ?? '?'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCount' },
  );
  const baseline = await startBaseline(cloud.urls.dynamodb, cloud.region, process.env.TABLE_NAME!);
  const startDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const webhookUrl = `${cloud.urls.http}/webhooks/hr`;
  try {
    const runs = { webhook: [] as Round[], baseline: [] as Round[] };
    for (let round = 0; round < ROUNDS; round++) {
      const requests = signedRequests(round, startDate, cloud.webhookSecret);
      runs.baseline.push(await load(baseline.url, requests));
      runs.webhook.push(await load(webhookUrl, requests));
    }
    const answered = runs.webhook.reduce((n, r) => n + r.answeredOk, 0);
    const summary = (rs: Round[]) => ({
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      runs: rs,
    });
    return {
      concurrency: CONCURRENCY,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      rounds: ROUNDS,
      webhook: summary(runs.webhook),
      baseline: summary(runs.baseline),
      // The middleware counted warm-up requests too: divide by every 2xx answer, warm-up included.
      dynamoCommandsPerRequest: Object.fromEntries(
        Object.entries(commands).map(([name, n]) => [name, n / Math.max(1, answered)]),
      ),
    };
  } finally {
    await new Promise<void>((resolve) => baseline.server.close(() => resolve()));
    await cloud.stop();
  }
}

/** Each request a new employee, a new webhook-id, signed now; the baseline gets the same bytes. */
function signedRequests(round: number, startDate: string, secret: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: REQUESTS_PER_ROUND }, (_, i) => {
    const user = `w${round}x${i}`;
    const body = JSON.stringify(
      sampleHire({
        employeeId: `W-${round}-${i}`,
        userName: user,
        email: `${user}@example.co.jp`,
        startDate,
      }),
    );
    const id = `msg_${randomUUID().replaceAll('-', '')}`;
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id, timestamp, rawBody: body, secret }),
      },
    };
  });
}

async function load(
  url: string,
  requests: { body: string; headers: Record<string, string> }[],
): Promise<Round> {
  const worker = new Worker(new URL('./loadgen.mjs', import.meta.url), {
    workerData: { url, concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs: DURATION_MS, requests },
  });
  const out = await new Promise<any>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const ok = Object.entries(out.statuses as Record<string, number>)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  const all = out.latencies.length as number;
  return {
    rps: ok / (out.measuredMs / 1000),
    p50: percentile(out.latencies, 50),
    p99: percentile(out.latencies, 99),
    ok,
    errors: all - ok,
    statuses: out.statuses,
    exhausted: out.exhausted,
    answeredOk: out.answeredOk,
  };
}

/** The floor for "an HTTP endpoint that stores something": read the body, one PutItem, answer 202. */
async function startBaseline(endpoint: string, region: string, tableName: string) {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const id = randomUUID();
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: `BASELINE#${id}` },
            sk: { S: 'BASELINE' },
            body: { S: Buffer.concat(chunks).toString('utf8') },
          },
        }),
      );
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runWebhook());
  process.exit(0);
}
