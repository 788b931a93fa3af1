import { STAGES, type Stage } from '../src/kernel/hire/stages';
import type { ReportAnswer } from '../src/report/load-report';
import { type BenchCloud, seedItems, startBenchCloud } from './cloud';
import { emitResult } from './stats';

/**
 * Scenario 6: the admin report over TOTAL hires. Hire items are seeded straight into DynamoDB (BatchWrite,
 * not counted) across every stage, ten import waves and two HR sources, with the fields a real item has
 * (names, addresses, ledger-sized extras are left out, so item sizes are a lower bound). Then
 * `GET /admin/report` runs through the local HTTP API and the admin-api function as deployed (its 29 s
 * timeout included), its DynamoDB requests counted by the proxy; then once more for one wave. The counts
 * per stage are compared with what was seeded, and with `GET /admin/hires?stage=S` paged to the end for
 * every stage of at most LIST_CHECK_MAX hires (paging 100,000 through the list is the list's own cost).
 */
const TOTAL = Number(process.argv[2] ?? 100_000);
const LIST_CHECK_MAX = 5_000;
const SHARE: Record<Stage, number> = {
  RECEIVED: 0.05,
  QUEUED: 0.01,
  PROVISIONING: 0.01,
  INVITED: 0.15,
  PASSWORD_SET: 0.08,
  ACTIVE: 0.6,
  FAILED: 0.02,
  BOUNCED: 0.01,
  ESCALATED: 0.03,
  CANCELLED: 0.04,
};
const WAVES = 10;

export interface ReportBenchResult {
  total: number;
  seedSeconds: number;
  seeded: Record<string, number>;
  full: ReportRun;
  wave: ReportRun & { name: string };
  listChecked: { stage: Stage; listed: number; report: number }[];
  agrees: boolean;
}

interface ReportRun {
  seconds: number;
  status: number;
  hires: number;
  counts: Record<string, number>;
  /** As counted by the proxy: every DynamoDB request of the admin-api function during the call. */
  dynamodb: ReturnType<BenchCloud['dynamoCounts']>;
  itemsRead: number;
  itemsReadPerHire: number;
  reportRead?: { queries: number; itemsRead: number };
  error?: string;
}

export async function runReport(): Promise<ReportBenchResult> {
  const bench = await startBenchCloud({ provisioningDelayMs: 0 });
  const { cloud } = bench;
  try {
    const now = cloud.clock.nowMs();
    const started = performance.now();
    const seeded = await seed(bench, now);
    const seedSeconds = (performance.now() - started) / 1000;

    const call = async (query: string): Promise<ReportRun> => {
      bench.resetDynamoCounts();
      const t0 = performance.now();
      const res = await fetch(`${cloud.urls.http}/admin/report${query}`, {
        headers: { authorization: `Bearer ${cloud.adminToken}` },
      });
      const text = await res.text();
      const seconds = (performance.now() - t0) / 1000;
      const dynamodb = bench.dynamoCounts();
      const itemsRead = Object.values(dynamodb.byOperation).reduce((n, o) => n + o.itemsRead, 0);
      if (!res.ok) {
        return {
          seconds,
          status: res.status,
          hires: 0,
          counts: {},
          dynamodb,
          itemsRead,
          itemsReadPerHire: 0,
          error: text.slice(0, 300),
        };
      }
      const report = JSON.parse(text) as ReportAnswer;
      return {
        seconds,
        status: res.status,
        hires: report.total,
        counts: Object.fromEntries(report.funnel.map((f) => [f.stage, f.count])),
        dynamodb,
        itemsRead,
        itemsReadPerHire: report.total ? itemsRead / report.total : 0,
        reportRead: report.read,
      };
    };
    const full = await call('');
    const waveName = 'wave-03';
    const wave = { ...(await call(`?wave=${waveName}`)), name: waveName };

    const listChecked: ReportBenchResult['listChecked'] = [];
    for (const stage of STAGES) {
      if ((seeded[stage] ?? 0) > LIST_CHECK_MAX) continue;
      listChecked.push({ stage, listed: await listCount(bench, stage), report: full.counts[stage] ?? 0 });
    }
    const agrees =
      full.status === 200 &&
      STAGES.every((s) => (full.counts[s] ?? 0) === (seeded[s] ?? 0)) &&
      listChecked.every((c) => c.listed === c.report) &&
      wave.hires === Math.ceil(TOTAL / WAVES);
    return { total: TOTAL, seedSeconds, seeded, full, wave, listChecked, agrees };
  } finally {
    await bench.stop();
  }
}

/** `GET /admin/hires?stage=S` paged to the end: what `npm run admin -- list --stage S --all` counts. */
export async function listCount(bench: BenchCloud, stage: Stage): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ stage, limit: '100', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${bench.cloud.urls.http}/admin/hires?${query}`, {
      headers: { authorization: `Bearer ${bench.cloud.adminToken}` },
    });
    if (!res.ok) throw new Error(`list ${stage}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { hires: unknown[]; cursor?: string };
    n += page.hires.length;
    cursor = page.cursor;
  } while (cursor);
  return n;
}

/** `GET /admin/report` counts against the list's, stage by stage (the bulk run's check). */
export async function reportAgreesWithList(bench: BenchCloud) {
  const res = await fetch(`${bench.cloud.urls.http}/admin/report`, {
    headers: { authorization: `Bearer ${bench.cloud.adminToken}` },
  });
  const report = (await res.json()) as ReportAnswer;
  const stages = [];
  for (const { stage, count } of report.funnel)
    stages.push({ stage, report: count, listed: await listCount(bench, stage) });
  return { agrees: stages.every((s) => s.report === s.listed), stages };
}

async function seed(bench: BenchCloud, nowMs: number): Promise<Record<string, number>> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const bounds: { stage: Stage; until: number }[] = [];
  let acc = 0;
  for (const stage of STAGES) {
    acc += Math.round(SHARE[stage] * TOTAL);
    bounds.push({ stage, until: stage === 'CANCELLED' ? TOTAL : acc });
  }
  const seeded: Record<string, number> = {};
  const stageOf = (i: number) => bounds.find((b) => i < b.until)!.stage;
  const item = (i: number) => {
    const stage = stageOf(i);
    seeded[stage] = (seeded[stage] ?? 0) + 1;
    const id = `hr-R-${i}`;
    const user = `report${i}`;
    // Distinct times, as real writes have: dynalite tells index entries with equal keys apart by 24 bits
    // of a hash only, so a seed with many equal times would lose a few to collisions (README).
    const created = nowMs - 10 * 86_400_000 + (i % 1000) * 60_000 + i;
    const invited = created + 3_600_000 + (i % 97) * 60_000;
    const hasInvitation = !['RECEIVED', 'QUEUED', 'PROVISIONING', 'CANCELLED'].includes(stage);
    const watched = ['RECEIVED', 'QUEUED', 'PROVISIONING'].includes(stage);
    return {
      pk: `HIRE#${id}`,
      sk: 'HIRE',
      hireId: id,
      source: i % 4 ? 'hr' : 'hibob',
      wave: `wave-${String(i % WAVES).padStart(2, '0')}`,
      stage,
      version: 5,
      person: {
        employeeId: `R-${i}`,
        givenName: '花子',
        familyName: '山田',
        email: `${user}@example.co.jp`,
        userName: user,
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        startDate: iso(nowMs + 86_400_000).slice(0, 10),
        department: 'Sales',
        jobTitle: 'Account Executive',
        managerEmail: 'manager@example.co.jp',
      },
      directoryId: 'd-95671a2b3c',
      bundleId: 'wsb-8vbljg4r6',
      protocol: 'PCOIP',
      runningMode: 'AUTO_STOP',
      provisionAt: iso(created),
      executionName: `hire-${id}`,
      createdAt: iso(created),
      updatedAt: iso(hasInvitation ? invited + 86_400_000 : created + 60_000),
      ...(hasInvitation
        ? {
            workspaceId: `ws-r${String(i).padStart(8, '0')}`,
            invitedAt: iso(invited),
            firstInvitedAt: iso(invited),
            invitationCount: 1,
            invitedTo: `${user}@example.co.jp`,
          }
        : {}),
      ...(stage === 'ACTIVE' ? { activeAt: iso(invited + 86_400_000) } : {}),
      ...(stage === 'BOUNCED'
        ? {
            bounce: { type: 'Bounce', reason: 'General', address: `${user}@example.co.jp`, at: iso(invited) },
          }
        : {}),
      ...(stage === 'ESCALATED' ? { escalatedAt: iso(invited + 7 * 86_400_000) } : {}),
      ...(stage === 'FAILED' ? { lastError: { error: 'ProvisioningTimeout', at: iso(created) } } : {}),
      // Watched a day ahead: the reconciler (every 10 minutes) must not move seeded hires during the run.
      ...(watched ? { watchPk: 'WATCH', watchAt: iso(nowMs + 86_400_000) } : {}),
    };
  };
  await seedItems(bench, TOTAL, item);
  return seeded;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runReport());
  process.exit(0);
}
