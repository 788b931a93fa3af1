import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postSignedWebhook, sampleHire } from '@workspaces-onboarding/local-cloud';
import { startBenchCloud } from './cloud';
import { emitResult, sleep } from './stats';

/**
 * Scenario 8: a wave of N hires whose invitations fall due together, with the local SES accepting 5
 * recipients a second (and refusing more, as SES does). The hires go the product's whole way (webhook,
 * workflow, provisioner, SendInvitation) with the WorkSpaces budget raised for this scenario (20 a second,
 * in the simulator and the configuration), so the WorkSpaces are ready within minutes and the sends are
 * what is measured. Run alone: `tsx bench/mail.ts 2000`.
 */
const DIRECTORY = 'd-95671a2b3c';
// Few at a time: the webhook's own throughput is another scenario's (2, webhook).
const CONCURRENCY = 10;
const SEND_RATE = 5;
const BUDGET = { ratePerSecond: 20, burst: 50 };
const MAX_MINUTES = 30;

export interface MailResult {
  hires: number;
  accepted: number;
  sendRate: number;
  stages: Record<string, number>;
  failures: Record<string, number>;
  invitations: number;
  ses: {
    sent: number;
    highestRate: number;
    refused: { rate: number; quota: number; sandbox: number };
    /** From the first accepted send to the last, in seconds of real time. */
    sendSeconds: number;
    /** What the rate allows at best: recipients ÷ rate. */
    idealSeconds: number;
    /** Seconds with a send, by how many recipients SES accepted in them. */
    histogram: Record<string, number>;
  };
  seconds: { post: number; allInvited: number };
  lambdaErrors: Record<string, number>;
}

export async function runMail(n: number): Promise<MailResult> {
  const configFile = join(mkdtempSync(join(tmpdir(), 'bench-mail-')), 'onboarding.json');
  const config = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'config', 'onboarding.json'), 'utf8'),
  );
  config.provisioning.apiBudget = BUDGET;
  writeFileSync(configFile, JSON.stringify(config));
  const bench = await startBenchCloud({
    provisioningDelayMs: 30_000,
    workspacesBudget: BUDGET,
    sesAccount: { maxSendRate: SEND_RATE },
    configFile,
  });
  const { cloud } = bench;
  try {
    const users = Array.from({ length: n }, (_, i) => `mail${String(i).padStart(5, '0')}`);
    await bench.postJson(`${cloud.urls.workspaces}/_sim/users`, { directoryId: DIRECTORY, userNames: users });
    const startDate = new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);
    const started = performance.now();
    const statuses: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const user = users[i]!;
        // An HR system retries a 5xx; a retry of the same delivery is answered as the first.
        let res = await postHire(i, user);
        for (let retry = 0; retry < 3 && res.status >= 500; retry++) res = await postHire(i, user);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    };
    const postHire = (i: number, user: string) =>
      postSignedWebhook({
        baseUrl: cloud.urls.http,
        secret: cloud.webhookSecret,
        timestampSeconds: Math.floor(cloud.clock.nowMs() / 1000),
        // No manager: only the invitations go out, so every send SES sees is one of them.
        body: sampleHire({
          employeeId: `M-${i}`,
          userName: user,
          email: `${user}@example.co.jp`,
          startDate,
          managerEmail: undefined,
        }),
        webhookId: `msg_mail_${i}`,
      });
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const postSeconds = (performance.now() - started) / 1000;

    // A minute at a time until every WorkSpace is AVAILABLE, then two more runs: the provisioner's poll
    // resumes each workflow, whose SendInvitation then waits for its turn at SES.
    let extra = 2;
    for (let minute = 0; minute < MAX_MINUTES && extra > 0; minute++) {
      const state = await bench.getJson(`${cloud.urls.workspaces}/_sim/state`);
      const available = (state.workspaces as { state: string }[]).filter((w) => w.state === 'AVAILABLE');
      if (available.length >= n) extra--;
      await bench.advance('1m');
      await cloud.scheduler.runNow('provisioner');
    }
    let stages = await bench.stageCounts();
    // The invitations go out at SES's pace, on real time: no clock moves from here.
    const deadline = Date.now() + (n / SEND_RATE) * 3000 + 300_000;
    while (Date.now() < deadline) {
      stages = await bench.stageCounts();
      if ((stages.INVITED ?? 0) + (stages.FAILED ?? 0) >= n) break;
      await sleep(1000);
    }
    const allInvitedSeconds = (performance.now() - started) / 1000;
    const sends = await bench.getJson(`${cloud.urls.ses}/_sim/sends`);
    const seconds = sends.seconds as { second: number; sent: number }[];
    const withSends = seconds.filter((s) => s.sent > 0);
    const histogram: Record<string, number> = {};
    for (const s of withSends) histogram[s.sent] = (histogram[s.sent] ?? 0) + 1;
    const inbox = (await bench.getJson(`${cloud.urls.ses}/store`)).emails as {
      destination: { to: string[] };
    }[];
    const addresses = new Set(users.map((u) => `${u}@example.co.jp`));
    return {
      hires: n,
      accepted: statuses[202] ?? 0,
      sendRate: SEND_RATE,
      stages,
      failures: await bench.failureCounts(),
      invitations: inbox.filter((m) => m.destination.to.some((to) => addresses.has(to))).length,
      ses: {
        sent: sends.sent,
        highestRate: sends.highestRate,
        refused: sends.refused,
        sendSeconds: withSends.length ? withSends.at(-1)!.second - withSends[0]!.second + 1 : 0,
        idealSeconds: sends.sent / SEND_RATE,
        histogram,
      },
      seconds: { post: postSeconds, allInvited: allInvitedSeconds },
      lambdaErrors: cloud.lambdas.stats().errors,
    };
  } finally {
    await bench.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runMail(Number(process.argv[2] ?? 2000)));
  process.exit(0);
}
