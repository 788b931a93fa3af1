import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { LocalCloud } from '@workspaces-onboarding/local-cloud';
import { postSignedWebhook, sampleHire } from '@workspaces-onboarding/local-cloud';
import { START_BUDGET_TOKYO } from '../local/stepfunctions';
import { startBenchCloud } from './cloud';
import { emitResult, sleep } from './stats';

/**
 * The start burst: N signed hires posted at once to `POST /webhooks/hr` against Step Functions'
 * StartExecution bucket (Tokyo's 800, refilling 150 a second, or that divided by `--scale`: this machine
 * posts far slower than AWS would take them, so a smaller bucket shows what a real burst does). The HR
 * system sends a delivery answered 503 again after its Retry-After (any other 5xx after 5 s), as Standard
 * Webhooks senders retry; then the reconciler runs until every hire is started. Nothing may be lost: every hire ends with exactly one execution. Run alone:
 * `tsx bench/burst.ts 5000 [scale]`.
 */
// In flight at once: what this machine answers inside the webhook's 10 s (more and requests time out here).
const CONCURRENCY = 50;
/** An HR system gives up on a delivery after this many attempts; none should come near it. */
const MAX_ATTEMPTS = 12;

export interface BurstResult {
  hires: number;
  budget: { ratePerSecond: number; burst: number };
  scale: number;
  /** The first answer of each delivery, by status. */
  firstAnswers: Record<string, number>;
  /** The last answer of each delivery, by status (after the HR retries). */
  lastAnswers: Record<string, number>;
  retries: number;
  /** Deliveries not answered 202 in the end (after MAX_ATTEMPTS at most). */
  unanswered: number;
  /** Retry-After values seen, in seconds. */
  retryAfter: { min: number; max: number };
  seconds: { post: number; allStarted: number };
  /** StartExecution calls the endpoint allowed and refused (every attempt of the SDK's retries counts). */
  startCalls: { allowed: number; throttled: number };
  executions: { total: number; distinctNames: number; hiresWithout: number };
  reconciler: { started: number; runs: number };
}

/**
 * Posts each hire (up to `concurrency` first attempts in flight) and, as a Standard Webhooks sender does,
 * sends a delivery answered 5xx again: after its Retry-After (real seconds) when it has one, else 5 s.
 */
export async function postWithRetries(cloud: LocalCloud, bodies: unknown[], opts: { concurrency: number }) {
  const first: Record<string, number> = {};
  const last: Record<string, number> = {};
  const seenRetryAfter: number[] = [];
  let retries = 0;
  let lastAcceptedAt = 0;
  const post = (i: number) =>
    postSignedWebhook({
      baseUrl: cloud.urls.http,
      secret: cloud.webhookSecret,
      timestampSeconds: Math.floor(cloud.clock.nowMs() / 1000),
      webhookId: `msg_${i}`,
      body: bodies[i],
    });
  const settle = (status: number) => {
    last[status] = (last[status] ?? 0) + 1;
    if (status === 202) lastAcceptedAt = performance.now();
  };
  const retryLater = async (i: number, retryAfter: string | undefined) => {
    for (let attempt = 2; ; attempt++) {
      const wait = Number(retryAfter ?? 5);
      seenRetryAfter.push(wait);
      retries++;
      await sleep(wait * 1000);
      const res = await post(i);
      if (res.status < 500 || attempt >= MAX_ATTEMPTS) return settle(res.status);
      retryAfter = res.retryAfter;
    }
  };
  const waiting: Promise<void>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const res = await post(i);
      first[res.status] = (first[res.status] ?? 0) + 1;
      if (res.status >= 500) waiting.push(retryLater(i, res.retryAfter));
      else settle(res.status);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  await Promise.all(waiting);
  return {
    first,
    last,
    retries,
    lastAcceptedAt,
    retryAfter: {
      min: seenRetryAfter.length ? Math.min(...seenRetryAfter) : 0,
      max: seenRetryAfter.length ? Math.max(...seenRetryAfter) : 0,
    },
  };
}

/** Enough reconciler runs to start every hire of a burst (500 a run). */
const MAX_RECONCILER_RUNS = 20;

export async function runBurst(n: number, scale: number): Promise<BurstResult> {
  const budget = {
    ratePerSecond: START_BUDGET_TOKYO.ratePerSecond / scale,
    burst: Math.round(START_BUDGET_TOKYO.burst / scale),
  };
  const bench = await startBenchCloud({ startBudget: budget, workspacesBudget: null });
  const { cloud } = bench;
  const sfn = new SFNClient({
    endpoint: cloud.urls.stepfunctions,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    // A month ahead: every workflow waits, so the executions are all the burst costs.
    const startDate = new Date(cloud.clock.nowMs() + 30 * 86_400_000).toISOString().slice(0, 10);
    const bodies = Array.from({ length: n }, (_, i) =>
      sampleHire({
        employeeId: `S-${i}`,
        userName: `burst${String(i).padStart(5, '0')}`,
        email: `burst${i}@example.co.jp`,
        startDate,
      }),
    );
    await bench.postJson(`${cloud.urls.stepfunctions}/_local/start-bucket`, { budget });
    const started = performance.now();
    const executionNames = async () => {
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const out = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn: cloud.stateMachineArn, maxResults: 1000, nextToken }),
        );
        for (const e of out.executions ?? []) names.push(e.name!);
        nextToken = out.nextToken;
      } while (nextToken);
      return names;
    };
    const posted = await postWithRetries(cloud, bodies, { concurrency: CONCURRENCY });
    const postSeconds = (performance.now() - started) / 1000;
    const bucket = await bench.getJson(`${cloud.urls.stepfunctions}/_local/start-bucket`);
    // A 202 is answered once the execution is started: with every delivery answered so, all are started.
    let allStartedAt: number | undefined = posted.last[202] === n ? posted.lastAcceptedAt : undefined;
    const before = (await executionNames()).length;
    // What no retry started: the reconciler's runs (a RECEIVED hire is due 15 minutes after; each run checks
    // at most MAX_HIRES_PER_RUN, soonest first), until every hire is started or runs stop helping.
    let names = await executionNames();
    let reconcilerRuns = 0;
    for (let last = -1; names.length < n && names.length > last && reconcilerRuns < MAX_RECONCILER_RUNS; ) {
      last = names.length;
      await bench.advance(reconcilerRuns === 0 ? '16m' : '10m');
      await cloud.scheduler.runNow('reconciler');
      reconcilerRuns++;
      names = await executionNames();
    }
    if (allStartedAt === undefined && names.length >= n) allStartedAt = performance.now();
    const hireNames = new Set(bodies.map((_, i) => `hire-hr-S-${i}`));
    return {
      hires: n,
      budget,
      scale,
      firstAnswers: posted.first,
      lastAnswers: posted.last,
      retries: posted.retries,
      unanswered: bodies.length - (posted.last[202] ?? 0),
      retryAfter: posted.retryAfter,
      seconds: {
        post: postSeconds,
        allStarted: allStartedAt === undefined ? Number.NaN : (allStartedAt - started) / 1000,
      },
      startCalls: { allowed: bucket.allowed, throttled: bucket.throttled },
      executions: {
        total: names.length,
        distinctNames: new Set(names).size,
        hiresWithout: [...hireNames].filter((name) => !names.includes(name)).length,
      },
      reconciler: { started: names.length - before, runs: reconcilerRuns },
    };
  } finally {
    sfn.destroy();
    await bench.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runBurst(Number(process.argv[2] ?? 5000), Number(process.argv[3] ?? 1)));
  process.exit(0);
}
