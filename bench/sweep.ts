import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { type BenchCloud, seedItems, startBenchCloud } from './cloud';
import { emitResult, sleep } from './stats';

/**
 * Scenario 3: the reminder sweep over TOTAL tracked hires of which DUE are due now. Needs the reminder
 * function: without functions/reminders/handler.ts this returns `{ ran: false }` and RESULTS.md says the
 * sweep was not measured. Hires are seeded straight into DynamoDB (BatchWrite, not counted): DUE
 * invited a day ago and due now, FUTURE on the `due` index later, the rest done (not on the index). The
 * clock is moved first to the next weekday 10:00 in Tokyo so reminders fall inside business hours. Then the
 * function runs (again, while it reports it stopped early) and the counting proxy says what it read.
 *
 * `--large`: the same among LARGE_TOTAL tracked hires (still DUE due now), `npm run bench -- --only sweep --large`.
 */
const ROOT = resolve(import.meta.dirname, '..');
const HANDLER = 'functions/reminders/handler';
const TOTAL = 100_000;
const LARGE_TOTAL = 1_000_000;
const DUE = 1_000;
const FUTURE = 9_000;
const DIRECTORY = 'd-95671a2b3c';
const MAX_RUNS = 5;

export type SweepResult =
  | { ran: false; reason: string }
  | {
      ran: true;
      total: number;
      due: number;
      seedSeconds: number;
      runs: number;
      seconds: number;
      reports: unknown[];
      indexItemsRead: number;
      allItemsRead: number;
      dynamodb: ReturnType<BenchCloud['dynamoCounts']>;
      workspacesCalls: Record<string, { requests: number; throttled: number }>;
      emails: number;
    };

export async function runSweep(total = TOTAL): Promise<SweepResult> {
  if (!existsSync(join(ROOT, `${HANDLER}.ts`))) {
    return { ran: false, reason: `${HANDLER}.ts does not exist` };
  }
  const keys = await import('../src/kernel/table/keys');
  const dueKey = (keys as Record<string, any>).dueKey as
    | ((dueAt: string) => Record<string, string>)
    | undefined;
  if (!dueKey) return { ran: false, reason: 'src/kernel/table/keys.ts exports no dueKey() yet' };

  const bench = await startBenchCloud({
    provisioningDelayMs: 0,
    workspacesBudget: { ratePerSecond: 2, burst: 5 },
  });
  const { cloud } = bench;
  try {
    // Moving the clock fires the scheduled runs once: let them pass on the empty table before seeding.
    await bench.advance(msUntilTokyoWeekdayMorning(cloud.clock.nowMs()));
    await cloud.scheduler.runNow('reminders').catch(() => undefined);
    const now = cloud.clock.nowMs();
    const seedStarted = performance.now();
    await seed(bench, now, dueKey, total);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await bench.postJson(`${cloud.urls.workspaces}/_sim/calls/reset`, {});
    bench.resetDynamoCounts();

    const invoke = await reminderInvoker(bench);
    const reports: any[] = [];
    const started = performance.now();
    for (let run = 0; run < MAX_RUNS; run++) {
      const report = await invoke();
      reports.push(report);
      if (!report?.stoppedEarly) break;
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(200);
    const counts = bench.dynamoCounts();
    const calls = await bench.getJson(`${cloud.urls.workspaces}/_sim/calls`);
    const inbox = (await bench.getJson(`${cloud.urls.ses}/store`)).emails as unknown[];
    const ops = counts.byOperation;
    return {
      ran: true,
      total,
      due: DUE,
      seedSeconds,
      runs: reports.length,
      seconds,
      reports,
      indexItemsRead: (ops.Query?.itemsRead ?? 0) + (ops.Scan?.itemsRead ?? 0),
      allItemsRead: Object.values(ops).reduce((n, o) => n + o.itemsRead, 0),
      dynamodb: counts,
      workspacesCalls: Object.fromEntries(
        Object.entries(calls.byOperation as Record<string, any>)
          .filter(([, c]) => c.requests > 0)
          .map(([op, c]) => [op, { requests: c.requests, throttled: c.throttled }]),
      ),
      emails: inbox.length,
    };
  } finally {
    await bench.stop();
  }
}

/** The function as serverless.yml declares it (through the local Lambda runtime), else its module. */
async function reminderInvoker(bench: BenchCloud): Promise<() => Promise<any>> {
  const yml = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' });
  const key = Object.entries<any>(yml.functions ?? {}).find(([, fn]) =>
    String(fn.handler).startsWith(HANDLER),
  )?.[0];
  const event = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
  if (key) return () => bench.cloud.lambdas.invoke(key, event);
  const mod = await import(pathToFileURL(join(ROOT, `${HANDLER}.ts`)).href);
  const deadline = () => Date.now() + 120_000;
  return () => {
    const until = deadline();
    return mod.handler(event, { getRemainingTimeInMillis: () => until - Date.now() });
  };
}

async function seed(
  bench: BenchCloud,
  nowMs: number,
  dueKey: (dueAt: string) => Record<string, string>,
  total: number,
) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const item = (i: number) => {
    const id = `hr-S-${i}`;
    const user = `sweep${i}`;
    const due = i < DUE;
    const future = !due && i < DUE + FUTURE;
    const invitedAt = due ? nowMs - 25 * 3_600_000 : nowMs - 3 * 3_600_000 - (i % 20) * 86_400_000;
    return {
      pk: `HIRE#${id}`,
      sk: 'HIRE',
      hireId: id,
      source: 'hr',
      stage: due || future ? 'INVITED' : 'ACTIVE',
      version: 5,
      person: {
        employeeId: `S-${i}`,
        givenName: '花子',
        familyName: '山田',
        email: `${user}@example.co.jp`,
        userName: user,
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        startDate: iso(nowMs + 86_400_000).slice(0, 10),
      },
      directoryId: DIRECTORY,
      bundleId: 'wsb-8vbljg4r6',
      protocol: 'PCOIP',
      runningMode: 'AUTO_STOP',
      provisionAt: iso(invitedAt - 3_600_000),
      executionName: `hr-S-${i}`,
      createdAt: iso(invitedAt - 7_200_000),
      updatedAt: iso(invitedAt),
      workspaceId: `ws-s${String(i).padStart(8, '0')}`,
      invitedAt: iso(invitedAt),
      invitationCount: 1,
      ...(due ? dueKey(iso(nowMs - 3_600_000 + i)) : {}),
      ...(future ? dueKey(iso(nowMs + 3_600_000 + (i % 7) * 86_400_000)) : {}),
    };
  };
  await seedItems(bench, total, item);
}

/** Milliseconds from now to the next Monday–Friday 10:00 in Asia/Tokyo (UTC+9, no DST). */
function msUntilTokyoWeekdayMorning(nowMs: number): number {
  const hour = 3_600_000;
  let t = Math.floor(nowMs / hour) * hour + hour;
  for (;;) {
    const tokyo = new Date(t + 9 * hour);
    const day = tokyo.getUTCDay();
    if (day >= 1 && day <= 5 && tokyo.getUTCHours() === 10) return t - nowMs;
    t += hour;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runSweep(process.argv.includes('--large') ? LARGE_TOTAL : TOTAL));
  process.exit(0);
}
