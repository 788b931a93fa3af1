import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createLocalClock, sampleHire, startStepFunctions } from '@workspaces-onboarding/local-cloud';
import { signWebhook } from '../src/intake/webhooks/standard-webhooks';
import { type DynamoCounts, startBenchCloud } from './cloud';
import { emitResult, median, percentile } from './stats';

/**
 * Scenario 2: signed POST /webhooks/hr (a new employee every request) at a fixed concurrency, beside a
 * baseline in the same process and run: a bare node:http server doing one DynamoDB PutItem to the same
 * dynalite with the same SDK. Rounds alternate baseline and webhook; each figure is the median of ROUNDS.
 * The server side runs as `npm start` runs it: the handler in the functions' thread, the HTTP API, dynalite
 * and Step Functions in the main thread (the baseline's server and dynalite too); the load generator runs in
 * a worker thread of its own. Start dates are 60 days out, so each execution parks in
 * its Wait state and the measured work is the webhook's alone.
 *
 * Both reach dynalite through the bench's counting proxy (bench/cloud.ts), which counts the webhook's DynamoDB
 * requests per accepted delivery (webhook rounds only). Last, BURSTS bursts of BURST new deliveries sent
 * all at once, to the webhook and then to the baseline: the latency each waited for its answer.
 *
 * `--data`: the same against a cloud keeping its data in a temporary folder (`npm start -- --data`), where
 * the webhook answers 202 only once the execution is in the Step Functions journal on disk (fsync). Apart,
 * the cost of that journal alone: StartExecution against two local endpoints, one journaling, one not.
 */
/** Waits until the local Step Functions' StartExecution bucket is full (at most 30 s). */
async function startBucketFull(bench: Awaited<ReturnType<typeof startBenchCloud>>) {
  const url = `${bench.cloud.urls.stepfunctions}/_local/start-bucket`;
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    const state = await bench.getJson<{ budget: { burst: number } | null; available: number | null }>(url);
    if (!state.budget || (state.available ?? 0) >= state.budget.burst) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const CONCURRENCY = 16;
const WARMUP_MS = 2_000;
const DURATION_MS = 8_000;
const ROUNDS = 3;
const REQUESTS_PER_ROUND = 30_000;
const BURST = 1_000;
const BURSTS = 3;

interface Round {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  exhausted: boolean;
  answeredOk: number;
}

export interface StartExecutionCost {
  executions: number;
  concurrency: number;
  memory: { rps: number; p50: number; p99: number };
  journaled: { rps: number; p50: number; p99: number };
}

export interface WebhookResult {
  /** Run with `--data` (everything on disk, executions journaled before the 202). */
  dataDir: boolean;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  rounds: number;
  webhook: { rps: number; p50: number; p99: number; runs: Round[] };
  baseline: { rps: number; p50: number; p99: number; runs: Round[] };
  /** DynamoDB requests per accepted delivery, by operation (the counting proxy, webhook rounds only). */
  dynamoRequestsPerDelivery?: Record<string, number>;
  /** BURSTS bursts of BURST new deliveries sent at once: medians of each burst's figures. */
  burst?: BurstFigures;
  /** The same bursts against the baseline: what one thread of this machine allows at best. */
  baselineBurst?: BurstFigures;
  /** Measured in the `--data` run only. */
  startExecution?: StartExecutionCost;
}

interface BurstFigures {
  deliveries: number;
  bursts: number;
  p50: number;
  p99: number;
  max: number;
  runs: Round[];
}

export async function runWebhook(opts: { dataDir?: boolean } = {}): Promise<WebhookResult> {
  const dataDir = opts.dataDir ? mkdtempSync(join(tmpdir(), 'onboarding-webhook-')) : undefined;
  const startExecution = dataDir ? await measureStartExecution(dataDir) : undefined;
  const bench = await startBenchCloud(dataDir ? { dataDir } : {});
  const { cloud } = bench;
  // The baseline's PutItem takes the same path as the webhook's requests: through the counting proxy.
  const baseline = await startBaseline(
    process.env.AWS_ENDPOINT_URL_DYNAMODB!,
    cloud.region,
    process.env.TABLE_NAME!,
  );
  const startDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const webhookUrl = `${cloud.urls.http}/webhooks/hr`;
  try {
    const runs = { webhook: [] as Round[], baseline: [] as Round[] };
    const counted: DynamoCounts[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const requests = signedRequests(`r${round}`, REQUESTS_PER_ROUND, startDate, cloud.webhookSecret);
      runs.baseline.push(await load(baseline.url, requests));
      bench.resetDynamoCounts();
      runs.webhook.push(await load(webhookUrl, requests));
      counted.push(bench.dynamoCounts());
    }
    const answered = runs.webhook.reduce((n, r) => n + r.answeredOk, 0);
    const requestsByOperation: Record<string, number> = {};
    for (const c of counted) {
      for (const [op, o] of Object.entries(c.byOperation)) {
        requestsByOperation[op] = (requestsByOperation[op] ?? 0) + o.requests;
      }
    }
    const bursts = { webhook: [] as Round[], baseline: [] as Round[] };
    const burstOnce = { concurrency: BURST, warmupMs: 0, durationMs: 600_000 };
    for (let b = 0; b < BURSTS; b++) {
      const requests = signedRequests(`b${b}`, BURST, startDate, cloud.webhookSecret);
      // A burst at a quiet moment: Step Functions' start bucket full again after the rounds (or the burst
      // before), so what is measured is the webhook, not Tokyo's 150 starts a second.
      await startBucketFull(bench);
      bursts.webhook.push(await load(webhookUrl, requests, burstOnce));
      bursts.baseline.push(await load(baseline.url, requests, burstOnce));
    }
    const burstFigures = (rs: Round[]): BurstFigures => ({
      deliveries: BURST,
      bursts: BURSTS,
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      max: median(rs.map((r) => r.max)),
      runs: rs,
    });
    const summary = (rs: Round[]) => ({
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      runs: rs,
    });
    return {
      dataDir: Boolean(dataDir),
      concurrency: CONCURRENCY,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      rounds: ROUNDS,
      webhook: summary(runs.webhook),
      baseline: summary(runs.baseline),
      // The proxy counted warm-up requests too: divide by every 2xx answer, warm-up included.
      dynamoRequestsPerDelivery: Object.fromEntries(
        Object.entries(requestsByOperation).map(([op, n]) => [op, n / Math.max(1, answered)]),
      ),
      burst: burstFigures(bursts.webhook),
      baselineBurst: burstFigures(bursts.baseline),
      ...(startExecution ? { startExecution } : {}),
    };
  } finally {
    await new Promise<void>((resolve) => baseline.server.close(() => resolve()));
    await bench.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const JOURNAL_EXECUTIONS = 3_000;

/** StartExecution alone, 16 at a time, against an endpoint in memory and one journaling to `dir`. */
async function measureStartExecution(dir: string): Promise<StartExecutionCost> {
  const definition = {
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', TimestampPath: '$.until', End: true } },
  };
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const measure = async (stateFile?: string) => {
    const endpoint = await startStepFunctions({
      clock: createLocalClock(),
      port: 0,
      stateMachines: [{ name: 'bench', definition }],
      invokeLambda: async () => null,
      // The journal's cost alone: no StartExecution bucket (at 16 at once this outruns Tokyo's 150 a second).
      startBudget: null,
      ...(stateFile ? { stateFile } : {}),
    });
    const sfn = new SFNClient({
      endpoint: endpoint.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const stateMachineArn = endpoint.service.stateMachineArn('bench');
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < JOURNAL_EXECUTIONS) {
          const i = next++;
          const t0 = performance.now();
          await sfn.send(
            new StartExecutionCommand({
              stateMachineArn,
              name: `e-${i}`,
              input: JSON.stringify({ until, i }),
            }),
          );
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    sfn.destroy();
    await endpoint.close();
    return {
      rps: JOURNAL_EXECUTIONS / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  };
  // Alternating rounds, medians: the first round of either would also pay for warming up.
  type Run = Awaited<ReturnType<typeof measure>>;
  const runs = { memory: [] as Run[], journaled: [] as Run[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.memory.push(await measure());
    runs.journaled.push(await measure(join(dir, `journal-bench-${round}.json`)));
  }
  const mid = (rs: Run[]) => ({
    rps: median(rs.map((r) => r.rps)),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
  });
  return {
    executions: JOURNAL_EXECUTIONS,
    concurrency: CONCURRENCY,
    memory: mid(runs.memory),
    journaled: mid(runs.journaled),
  };
}

/** Each request a new employee, a new webhook-id, signed now; the baseline gets the same bytes. */
function signedRequests(round: string, count: number, startDate: string, secret: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
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
  shape = { concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs: DURATION_MS },
): Promise<Round> {
  const worker = new Worker(new URL('./loadgen.mjs', import.meta.url), {
    workerData: { url, ...shape, requests },
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
    max: Math.max(0, ...out.latencies),
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
  emitResult(await runWebhook({ dataDir: process.argv.includes('--data') }));
  process.exit(0);
}
