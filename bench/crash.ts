import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type ChildCloud, childCloud, sampleHire } from '@workspaces-onboarding/local-cloud';
import { signWebhook } from '../src/intake/webhooks/standard-webhooks';
import { emitResult, sleep } from './stats';

/**
 * Scenario 6, the crash: HIRES signed hires sent to a local cloud started as its own process with `--data`
 * (a temporary folder), the process killed with SIGKILL at KILLS random moments (seeded: the same seed
 * gives the same moments) and started again each time, then driven (the clock moved a minute at a time with
 * a provisioner run, or to the next provisioning time) until every hire is INVITED or FAILED. The clock is
 * kept in the data folder, so a restart carries on at the time it was killed at.
 *
 * The HR system is played faithfully: a delivery that got no answer (the process died under it) or a 5xx is
 * sent again with the same webhook-id and body, as Standard Webhooks senders retry.
 *
 * Reported: hires lost (acknowledged but not ending invited, or FAILED with an alert), duplicate WorkSpaces
 * (the simulator's state: users with more than one), duplicate invitations (per hire, invitation emails in
 * the inbox beyond its invitation count), dead newest links (the link in the newest email a hire received
 * does not open the password form), hires not invited without a FAILED alert.
 * Run alone: `tsx bench/crash.ts [seed]`.
 */
const HIRES = 200;
const KILLS = 10;
const KILLS_WHILE_POSTING = 4;
const CONCURRENCY = 8;
const DIRECTORY = 'd-95671a2b3c';
const ADMINS = 'it-admins@example.co.jp';
const MAX_STEPS = 900;
export const DEFAULT_SEED = 20_261_101;
const ROOT = resolve(import.meta.dirname, '..');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface CrashResult {
  seed: number;
  hires: number;
  kills: { when: string; afterMs: number }[];
  acknowledged: number;
  answered202: number;
  deliveries: { attempts: number; retried: number; statuses: Record<string, number> };
  stages: Record<string, number>;
  failures: Record<string, number>;
  lost: string[];
  duplicateWorkspaces: number;
  duplicateInvitations: number;
  deadNewestLinks: string[];
  notInvitedWithoutAlert: string[];
  alertsPerFailedHire: number[];
  /** What the reconciler (history events `recovered`) did, by action. */
  recovered: Record<string, number>;
  emails: Record<string, number>;
  driveSteps: number;
  clockHours: number;
  seconds: number;
}

/** mulberry32: a small seeded generator, so the kill moments are the same for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface KillPlan {
  /** While posting: after this many deliveries were answered. While driving: at this drive step. */
  posting: number[];
  driving: number[];
  /** Real milliseconds after the point before the kill (work still under way), one per kill in order. */
  delays: number[];
}

function planKills(random: () => number): KillPlan {
  const distinct = (n: number, from: number, to: number) => {
    const picked = new Set<number>();
    while (picked.size < n) picked.add(from + Math.floor(random() * (to - from)));
    return [...picked].sort((a, b) => a - b);
  };
  return {
    posting: distinct(KILLS_WHILE_POSTING, 10, HIRES - 10),
    driving: distinct(KILLS - KILLS_WHILE_POSTING, 1, 40),
    delays: Array.from({ length: KILLS }, () => Math.floor(random() * 1_500)),
  };
}

export async function runCrash(seed = DEFAULT_SEED): Promise<CrashResult> {
  const started = performance.now();
  const random = seeded(seed);
  const plan = planKills(random);
  console.log(
    `crash: seed ${seed}; kills after deliveries ${plan.posting.join(', ')}; at drive steps ${plan.driving.join(', ')}; delays ${plan.delays.join(', ')} ms`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-crash-'));
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  const cloud = await childCloud({
    dataDir,
    logFile: join(ROOT, 'bench', 'out', 'crash-cloud.log'),
    args: ['--provisioning-delay', '2m'],
  });
  const kills: CrashResult['kills'] = [];
  let ready: Promise<void> = cloud.start();
  // One kill at a time, in order: a point reached while the previous kill is still under way waits for it.
  let scheduled = 0;
  let previous: Promise<void> = Promise.resolve();
  const crash = (when: string): Promise<void> => {
    const afterMs = plan.delays[scheduled++] ?? 0;
    previous = previous.then(async () => {
      await sleep(afterMs);
      let restarted!: () => void;
      ready = new Promise((done) => (restarted = done));
      await cloud.kill();
      kills.push({ when, afterMs });
      console.log(`crash: SIGKILL ${kills.length} (${when}, +${afterMs} ms)`);
      await cloud.start();
      restarted();
    });
    return previous;
  };

  try {
    await ready;
    const users = Array.from({ length: HIRES }, (_, i) => `crash${String(i).padStart(4, '0')}`);
    await postJson(`${cloud.urls.workspaces}/_sim/users`, { directoryId: DIRECTORY, userNames: users });
    const today = Date.parse((await getJson(`${cloud.urls.http}/_local/clock`)).now);
    // Most start tomorrow (provisioned at once); the rest in 8 or 9 days (their workflow waits a day or two).
    const hires = users.map((userName, i) => {
      const days = random() < 0.7 ? 1 : 8 + Math.floor(random() * 2);
      const body = JSON.stringify(
        sampleHire({
          employeeId: `C-${i}`,
          userName,
          email: `${userName}@example.co.jp`,
          startDate: new Date(today + days * 86_400_000).toISOString().slice(0, 10),
          locale: i % 2 ? 'en-US' : 'ja-JP',
        }),
      );
      return {
        hireId: `hr-C-${i}`,
        email: `${userName}@example.co.jp`,
        webhookId: `msg_crash_${seed}_${i}`,
        body,
      };
    });

    // ---- post, with kills among the deliveries
    const answers = new Map<string, number[]>();
    const statuses: Record<string, number> = {};
    let attempts = 0;
    let answered = 0;
    const killsAfter = new Set(plan.posting);
    const crashes: Promise<void>[] = [];
    let next = 0;
    const deliver = async (hire: (typeof hires)[number]) => {
      for (;;) {
        await ready;
        attempts++;
        const status = await post(cloud, hire).catch(() => 0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200 || status === 202) {
          answers.set(hire.hireId, [...(answers.get(hire.hireId) ?? []), status]);
          answered++;
          if (killsAfter.delete(answered)) crashes.push(crash(`after ${answered} deliveries answered`));
          return;
        }
        if (status !== 0 && status < 500) throw new Error(`delivery of ${hire.hireId} answered ${status}`);
        await sleep(200);
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < hires.length) await deliver(hires[next++]!);
      }),
    );
    await Promise.all(crashes);
    await ready;

    // ---- drive until every hire is INVITED (or further) or FAILED, with the rest of the kills
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.urls.dynamodb,
        region: 'ap-northeast-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 10,
      }),
    );
    const killSteps = new Set(plan.driving);
    let steps = 0;
    let records = await scanHires(db);
    // Past the last kill too: a kill after everything settled replays executions whose end was not written.
    while (steps < MAX_STEPS && (!allSettled(records, answers) || killSteps.size > 0)) {
      steps++;
      const step = driveStep(cloud, records).catch(() => undefined);
      if (killSteps.has(steps)) {
        await crash(`drive step ${steps}`);
        killSteps.delete(steps);
      }
      await step;
      records = await retry(() => scanHires(db));
    }
    // The invitations follow the provisioner's SendTaskSuccess asynchronously: a moment to land.
    for (let i = 0; i < 50 && !allSettled(records, answers); i++) {
      await sleep(200);
      records = await retry(() => scanHires(db));
    }
    const recovered = await retry(() => recoveries(db));
    db.destroy();
    const clockHours =
      (Date.parse((await getJson(`${cloud.urls.http}/_local/clock`)).now) - today) / 3_600_000;

    // ---- count
    const inbox = ((await getJson(`${cloud.urls.ses}/store`)) as { emails: InboxEmail[] }).emails;
    const sim = await getJson(`${cloud.urls.workspaces}/_sim/state`);
    const byHire = new Map(records.map((r) => [r.hireId as string, r]));
    const invitedish = new Set(['INVITED', 'PASSWORD_SET', 'ACTIVE', 'ESCALATED']);
    const alertsOf = (hireId: string) =>
      inbox.filter(
        (m) =>
          m.tags?.hireId === hireId && m.tags?.kind === 'alert-failed' && m.destination.to.includes(ADMINS),
      );
    const lost: string[] = [];
    const notInvitedWithoutAlert: string[] = [];
    const deadNewestLinks: string[] = [];
    let duplicateInvitations = 0;
    const alertsPerFailedHire: number[] = [];
    for (const hire of hires) {
      const record = byHire.get(hire.hireId);
      const acknowledged = answers.has(hire.hireId);
      const stage = record?.stage as string | undefined;
      const alerts = alertsOf(hire.hireId).length;
      if (stage === 'FAILED') alertsPerFailedHire.push(alerts);
      const done = stage !== undefined && (invitedish.has(stage) || (stage === 'FAILED' && alerts > 0));
      if (acknowledged && !done) lost.push(`${hire.hireId}:${stage ?? 'missing'}`);
      if (record && !invitedish.has(stage!) && alerts === 0)
        notInvitedWithoutAlert.push(`${hire.hireId}:${stage}`);
      const invitations = inbox.filter(
        (m) => m.tags?.hireId === hire.hireId && m.tags?.kind === 'invitation',
      );
      duplicateInvitations += Math.max(0, invitations.length - Number(record?.invitationCount ?? 0));
      if (stage && invitedish.has(stage)) {
        const newest = inbox.filter((m) => m.destination.to.includes(hire.email) && setupLink(m)).at(-1);
        const link = newest && setupLink(newest);
        const res = link ? await fetch(link) : undefined;
        const page = res ? await res.text() : '';
        if (
          res?.status !== 200 ||
          !page.includes('<form method="post"') ||
          !page.includes('type="password"')
        ) {
          deadNewestLinks.push(`${hire.hireId}:${res?.status ?? 'no link'}`);
        }
      }
    }
    const perUser = new Map<string, number>();
    for (const ws of sim.workspaces as { userName: string; state: string }[]) {
      if (ws.state === 'TERMINATED') continue;
      const user = ws.userName.toLowerCase();
      perUser.set(user, (perUser.get(user) ?? 0) + 1);
    }
    const stages: Record<string, number> = {};
    const failures: Record<string, number> = {};
    for (const r of records) {
      stages[r.stage] = (stages[r.stage] ?? 0) + 1;
      if (r.stage === 'FAILED')
        failures[r.lastError?.error ?? '?'] = (failures[r.lastError?.error ?? '?'] ?? 0) + 1;
    }
    const emails: Record<string, number> = {};
    for (const m of inbox) emails[m.tags?.kind ?? 'other'] = (emails[m.tags?.kind ?? 'other'] ?? 0) + 1;
    return {
      seed,
      hires: HIRES,
      kills,
      acknowledged: answers.size,
      answered202: [...answers.values()].filter((s) => s.includes(202)).length,
      deliveries: { attempts, retried: attempts - answers.size, statuses },
      stages,
      failures,
      lost,
      duplicateWorkspaces: [...perUser.values()].filter((n) => n > 1).length,
      duplicateInvitations,
      deadNewestLinks,
      notInvitedWithoutAlert,
      alertsPerFailedHire,
      recovered,
      emails,
      driveSteps: steps,
      clockHours: Math.round(clockHours * 10) / 10,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cloud.stop().catch(() => undefined);
    if (process.env.CRASH_KEEP_DATA) console.log(`crash: data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

interface InboxEmail {
  destination: { to: string[] };
  body: { text?: string; html?: string };
  tags?: Record<string, string>;
}

const setupLink = (m: InboxEmail) =>
  /https?:\/\/[^\s"<>]+\/setup\/[A-Za-z0-9_-]{43}/.exec(m.body.text ?? '')?.[0];

type HireItem = Record<string, any>;

function allSettled(records: HireItem[], answers: Map<string, number[]>): boolean {
  const stages = new Map(records.map((r) => [r.hireId as string, r.stage as string]));
  return [...answers.keys()].every((id) => {
    const stage = stages.get(id);
    return stage !== undefined && !['RECEIVED', 'QUEUED', 'PROVISIONING'].includes(stage);
  });
}

/**
 * One step: a minute on the clock and a provisioner run while anything is queued or provisioning (or a
 * waiting hire's time has come); otherwise straight to the next provisioning time. The reconciler's
 * schedule (every 10 minutes) fires as the clock passes it.
 */
async function driveStep(cloud: ChildCloud, records: HireItem[]): Promise<void> {
  const clock = Date.parse((await getJson(`${cloud.urls.http}/_local/clock`)).now);
  const open = records.filter((r) => ['RECEIVED', 'QUEUED', 'PROVISIONING'].includes(r.stage));
  const waiting = open.filter((r) => r.stage === 'RECEIVED' && Date.parse(r.provisionAt) > clock);
  if (open.length && waiting.length === open.length) {
    const soonest = Math.min(...waiting.map((r) => Date.parse(r.provisionAt)));
    await postJson(`${cloud.urls.http}/_local/clock`, { to: new Date(soonest + 60_000).toISOString() });
  } else {
    await postJson(`${cloud.urls.http}/_local/clock`, { advance: '1m' });
  }
  await postJson(`${cloud.urls.http}/_local/schedules/provisioner/run`, {});
}

async function post(cloud: ChildCloud, hire: { webhookId: string; body: string }): Promise<number> {
  const now = await getJson(`${cloud.urls.http}/_local/clock`);
  const timestamp = Math.floor(Date.parse(now.now) / 1000);
  const res = await fetch(`${cloud.urls.http}/webhooks/hr`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': hire.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook({
        id: hire.webhookId,
        timestamp,
        rawBody: hire.body,
        secret: cloud.webhookSecret,
      }),
    },
    body: hire.body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function scanHires(db: DynamoDBDocumentClient): Promise<HireItem[]> {
  const items: HireItem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: 'onboarding-local-hires',
        FilterExpression: 'sk = :hire',
        ExpressionAttributeValues: { ':hire': 'HIRE' },
        ExclusiveStartKey,
      }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function recoveries(db: DynamoDBDocumentClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: 'onboarding-local-hires',
        FilterExpression: 'begins_with(sk, :event) AND #type = :recovered',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':event': 'EVENT#', ':recovered': 'recovered' },
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const action = String(item.detail?.action);
      counts[action] = (counts[action] ?? 0) + 1;
    }
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}

async function retry<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= 50) throw err;
      await sleep(200);
    }
  }
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
  return res.json();
}

async function postJson(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = Number(process.argv[2] ?? process.env.BENCH_SEED ?? DEFAULT_SEED);
  emitResult(await runCrash(seed));
  process.exit(0);
}
