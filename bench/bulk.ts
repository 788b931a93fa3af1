import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { postSignedWebhook, sampleHire } from '@workspaces-onboarding/local-cloud';
import { postWithRetries } from './burst';
import { type BenchCloud, startBenchCloud } from './cloud';
import { reportAgreesWithList } from './report';
import { emitResult, sleep } from './stats';

/**
 * Scenario 1 (and the counts scenario 5 prices): N signed hires posted at once, users already in the
 * directory, the simulator enforcing 2 req/s bursts of 5 in real time and provisioning on the local clock.
 * The clock is moved a minute at a time with a provisioner run each minute (the schedule's own run fires
 * too), until every hire is INVITED or FAILED. Run alone: `tsx bench/bulk.ts 1000`.
 */
const DIRECTORY = 'd-95671a2b3c';
const CONCURRENCY = 50;
export const PROVISIONING_DELAY_MS = 30_000;
const BUDGET = { ratePerSecond: 2, burst: 5 };
const MAX_MINUTES = 30;

export interface BulkResult {
  hires: number;
  accepted: number;
  rejected: Record<string, number>;
  /** Deliveries sent again after a 5xx (with `hrRetries`). */
  retries?: number;
  seconds: { post: number; queued: number; allInvited: number };
  clockMinutes: number;
  provisionerRuns: number;
  stages: Record<string, number>;
  /** FAILED hires by the error recorded on them. */
  failures: Record<string, number>;
  workspacesCalls: Record<
    string,
    { requests: number; throttled: number; faults: number; clientErrors: number }
  >;
  directoryServiceCalls: Record<string, { requests: number; throttled: number }>;
  duplicates: { usersWithSeveralWorkspaces: number; addressesWithSeveralInvitations: number };
  workspacesCreated: number;
  emails: { invitations: number; other: number; total: number };
  lambdas: {
    invocations: Record<string, number>;
    errors: Record<string, number>;
    billedMs: Record<string, number>;
  };
  dynamodb: ReturnType<BenchCloud['dynamoCounts']>;
  stepFunctions: { executions: number; byStatus: Record<string, number>; events: Record<string, number> };
  /** `report --json` against `list` for every stage, after the run. */
  reportCheck?: Awaited<ReturnType<typeof reportAgreesWithList>>;
}

/**
 * `hrRetries`: as an HR system does (the wave scenario), a delivery answered 5xx (503 when Step Functions
 * throttles the start) is sent again after its Retry-After; `accepted` then counts the last answers.
 */
export async function runBulk(n: number, opts: { hrRetries?: boolean } = {}): Promise<BulkResult> {
  const bench = await startBenchCloud({
    provisioningDelayMs: PROVISIONING_DELAY_MS,
    workspacesBudget: BUDGET,
  });
  const { cloud } = bench;
  try {
    const users = Array.from({ length: n }, (_, i) => `bench${String(i).padStart(5, '0')}`);
    await bench.postJson(`${cloud.urls.workspaces}/_sim/users`, { directoryId: DIRECTORY, userNames: users });
    await bench.postJson(`${cloud.urls.workspaces}/_sim/calls/reset`, {});
    cloud.lambdas.resetStats();
    bench.resetDynamoCounts();

    // Starts tomorrow: inside the lead time, so the workflow queues the hire at once.
    const startDate = new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);
    const started = performance.now();
    let statuses: Record<string, number> = {};
    const hire = (i: number) =>
      sampleHire({
        employeeId: `B-${i}`,
        userName: users[i]!,
        email: `${users[i]!}@example.co.jp`,
        startDate,
      });
    let retries = 0;
    if (opts.hrRetries) {
      const posted = await postWithRetries(
        cloud,
        users.map((_, i) => hire(i)),
        { concurrency: CONCURRENCY },
      );
      statuses = posted.last;
      retries = posted.retries;
    } else {
      let next = 0;
      const worker = async () => {
        while (next < n) {
          const i = next++;
          const res = await postSignedWebhook({
            baseUrl: cloud.urls.http,
            secret: cloud.webhookSecret,
            timestampSeconds: Math.floor(cloud.clock.nowMs() / 1000),
            body: hire(i),
          });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    }
    const postSeconds = (performance.now() - started) / 1000;

    // Every workflow has queued its hire (or the schedule's real-time run already moved some on).
    await until(async () => {
      const s = await bench.stageCounts();
      return (s.RECEIVED ?? 0) === 0 && sum(s) >= (statuses[202] ?? 0);
    }, 300_000);
    const queuedSeconds = (performance.now() - started) / 1000;

    let minutes = 0;
    let stages = await bench.stageCounts();
    while (minutes < MAX_MINUTES && (stages.QUEUED ?? 0) + (stages.PROVISIONING ?? 0) > 0) {
      await bench.advance('1m');
      minutes++;
      await cloud.scheduler.runNow('provisioner');
      stages = await bench.stageCounts();
    }
    // The invitations follow the provisioner's SendTaskSuccess asynchronously.
    await until(async () => {
      stages = await bench.stageCounts();
      return (stages.INVITED ?? 0) + (stages.FAILED ?? 0) >= sum(stages);
    }, 300_000);
    const allInvitedSeconds = (performance.now() - started) / 1000;

    const counted = bench.dynamoCounts();
    const reportCheck = await reportAgreesWithList(bench);
    const calls = await bench.getJson(`${cloud.urls.workspaces}/_sim/calls`);
    const state = await bench.getJson(`${cloud.urls.workspaces}/_sim/state`);
    const inbox = (await bench.getJson(`${cloud.urls.ses}/store`)).emails as {
      destination: { to: string[] };
      subject: string;
    }[];
    const perUser = countBy(state.workspaces.map((w: any) => String(w.userName).toLowerCase()));
    const hireAddresses = new Set(users.map((u) => `${u}@example.co.jp`));
    const invitations = inbox.filter((m) => m.destination.to.some((to) => hireAddresses.has(to)));
    const perAddress = countBy(invitations.flatMap((m) => m.destination.to));

    const workspacesCalls: BulkResult['workspacesCalls'] = {};
    const directoryServiceCalls: BulkResult['directoryServiceCalls'] = {};
    for (const [op, c] of Object.entries(calls.byOperation as Record<string, any>)) {
      if (c.requests === 0) continue;
      if (
        [
          'CreateWorkspaces',
          'DescribeWorkspaces',
          'DescribeWorkspaceDirectories',
          'DescribeTags',
          'CreateTags',
        ].includes(op)
      )
        workspacesCalls[op] = c;
      else if (/^[A-Z]/.test(op))
        directoryServiceCalls[op] = { requests: c.requests, throttled: c.throttled };
    }
    return {
      hires: n,
      accepted: statuses[202] ?? 0,
      ...(opts.hrRetries ? { retries } : {}),
      rejected: Object.fromEntries(Object.entries(statuses).filter(([s]) => s !== '202')),
      seconds: { post: postSeconds, queued: queuedSeconds, allInvited: allInvitedSeconds },
      clockMinutes: minutes,
      provisionerRuns: cloud.lambdas.stats().invocations.provisioner ?? 0,
      stages,
      failures: await bench.failureCounts(),
      workspacesCalls,
      directoryServiceCalls,
      duplicates: {
        usersWithSeveralWorkspaces: Object.values(perUser).filter((c) => c > 1).length,
        addressesWithSeveralInvitations: Object.values(perAddress).filter((c) => c > 1).length,
      },
      workspacesCreated: state.workspaces.length,
      emails: {
        invitations: invitations.length,
        other: inbox.length - invitations.length,
        total: inbox.length,
      },
      lambdas: cloud.lambdas.stats(),
      dynamodb: counted,
      stepFunctions: await executionCounts(cloud.urls.stepfunctions, cloud.region, cloud.stateMachineArn),
      reportCheck,
    };
  } finally {
    await bench.stop();
  }
}

/** Every execution's history, as counts of event types (StateEntered counts are the billed transitions). */
async function executionCounts(endpoint: string, region: string, stateMachineArn: string) {
  const sfn = new SFNClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const executions: { executionArn: string; status: string }[] = [];
  let nextToken: string | undefined;
  do {
    const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }));
    for (const e of out.executions ?? [])
      executions.push({ executionArn: e.executionArn!, status: e.status! });
    nextToken = out.nextToken;
  } while (nextToken);
  const events: Record<string, number> = {};
  for (const { executionArn } of executions) {
    let token: string | undefined;
    do {
      const out = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken: token }),
      );
      for (const e of out.events ?? []) events[e.type!] = (events[e.type!] ?? 0) + 1;
      token = out.nextToken;
    } while (token);
  }
  sfn.destroy();
  return { executions: executions.length, byStatus: countBy(executions.map((e) => e.status)), events };
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bulk: condition not reached within ${timeoutMs} ms`);
    await sleep(250);
  }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runBulk(Number(process.argv[2] ?? 1000)));
  process.exit(0);
}
