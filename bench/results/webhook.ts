import { table, verdict } from '../stats';
import type { WebhookResult } from '../webhook';
import { ms, type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 2: the webhook against a bare PutItem server, in memory and with `--data`. */
export function webhookSection(
  w: WebhookResult | undefined,
  wd: WebhookResult | undefined,
  summary: SummaryRow[],
): string {
  if (!w) {
    summary.push(['2. Webhook', 'not measured', '', 'n/a']);
    return render('webhook-missing');
  }
  const rpsRatio = w.webhook.rps / w.baseline.rps;
  const p99Ratio = w.webhook.p99 / w.baseline.p99;
  // Older results counted SDK commands instead of requests at the proxy, and had no burst.
  const perDelivery = w.dynamoRequestsPerDelivery ?? {};
  const roundTrips = Object.values(perDelivery).reduce((n, x) => n + x, 0);
  summary.push(
    [
      '2. Webhook',
      `throughput ${w.webhook.rps.toFixed(0)} vs baseline ${w.baseline.rps.toFixed(0)} req/s = ${rpsRatio.toFixed(2)}×`,
      `≥ ${TARGETS.webhookThroughputRatio}×`,
      verdict(rpsRatio >= TARGETS.webhookThroughputRatio),
    ],
    [
      '2. Webhook',
      `DynamoDB round trips per accepted delivery: ${roundTrips.toFixed(2)} (${perDeliveryText(perDelivery)}), plus StartExecution`,
      `≤ ${TARGETS.webhookDynamoRoundTrips}`,
      verdict(w.dynamoRequestsPerDelivery ? roundTrips <= TARGETS.webhookDynamoRoundTrips : undefined),
    ],
    [
      '2. Webhook',
      w.burst
        ? `p99 under a burst of ${w.burst.deliveries.toLocaleString('en-US')} deliveries sent at once: ${ms(w.burst.p99)} (max ${ms(w.burst.max)})${w.baselineBurst ? `; the baseline under the same burst: ${ms(w.baselineBurst.p99)}` : ''}`
        : 'burst not measured',
      `every delivery 2xx; p99 ≤ ${(1 / TARGETS.webhookThroughputRatio).toFixed(1)}× the baseline's`,
      verdict(
        w.burst && w.baselineBurst
          ? w.burst.runs.every((r) => r.errors === 0) &&
              w.burst.p99 <= w.baselineBurst.p99 / TARGETS.webhookThroughputRatio
          : undefined,
      ),
    ],
  );
  const rows = (name: string, s: WebhookResult['webhook']) =>
    s.runs.map((x, i) => [name, i + 1, x.rps.toFixed(0), ms(x.p50), ms(x.p99), x.ok, x.errors]);
  const cpuWebhook = 1000 / w.webhook.rps;
  const cpuBaseline = 1000 / w.baseline.rps;
  return render('webhook', {
    concurrency: w.concurrency,
    durationSeconds: w.durationMs / 1000,
    warmupSeconds: w.warmupMs / 1000,
    rounds: w.rounds,
    medians: table(
      ['Median', 'req/s', 'p50', 'p99'],
      [
        ['webhook', w.webhook.rps.toFixed(0), ms(w.webhook.p50), ms(w.webhook.p99)],
        ['baseline', w.baseline.rps.toFixed(0), ms(w.baseline.p50), ms(w.baseline.p99)],
        ['ratio', rpsRatio.toFixed(2), (w.webhook.p50 / w.baseline.p50).toFixed(2), p99Ratio.toFixed(2)],
      ],
    ),
    roundsTable: table(
      ['Server', 'Round', 'req/s', 'p50', 'p99', '2xx', 'other'],
      [...rows('webhook', w.webhook), ...rows('baseline', w.baseline)],
    ),
    perRequest: perDeliveryText(perDelivery),
    burst: Boolean(w.burst),
    ...(w.burst
      ? {
          burstDeliveries: w.burst.deliveries.toLocaleString('en-US'),
          bursts: w.burst.bursts,
          burstTable: table(
            ['Server', 'Burst', 'p50', 'p99', 'max', '2xx', 'other'],
            [
              ...burstRows('webhook', w.burst.runs),
              ...(w.baselineBurst ? burstRows('baseline', w.baselineBurst.runs) : []),
            ],
          ),
        }
      : {}),
    cpuWebhook: cpuWebhook.toFixed(1),
    cpuBaseline: cpuBaseline.toFixed(1),
    work: (cpuWebhook / cpuBaseline).toFixed(1),
    withData: `\n\n${withDataSection(w, wd, summary)}`,
  });
}

const burstRows = (
  name: string,
  runs: { p50: number; p99: number; max: number; ok: number; errors: number }[],
) => runs.map((x, i) => [name, i + 1, ms(x.p50), ms(x.p99), ms(x.max), x.ok, x.errors]);

/** `0.99 TransactWriteItems, ...`: requests at the proxy per accepted delivery, the rare ones left out. */
function perDeliveryText(perDelivery: Record<string, number>): string {
  return Object.entries(perDelivery)
    .filter(([, n]) => n >= 0.01)
    .map(([op, n]) => `${n.toFixed(2)} ${op}`)
    .join(', ');
}

/** The webhook with `--data`: the execution is in the journal on disk (fsync) before the 202. */
function withDataSection(w: WebhookResult, wd: WebhookResult | undefined, summary: SummaryRow[]): string {
  if (!wd) return render('webhook-data-missing');
  summary.push([
    '2. Webhook',
    `with --data (journal fsynced before the 202): ${wd.webhook.rps.toFixed(0)} req/s, p99 ${ms(wd.webhook.p99)} (in memory: ${w.webhook.rps.toFixed(0)} req/s, ${ms(w.webhook.p99)})`,
    '(reported)',
    '—',
  ]);
  const j = wd.startExecution;
  return render('webhook-data', {
    medians: table(
      ['Median', 'req/s', 'p50', 'p99'],
      [
        ['in memory', w.webhook.rps.toFixed(0), ms(w.webhook.p50), ms(w.webhook.p99)],
        ['--data', wd.webhook.rps.toFixed(0), ms(wd.webhook.p50), ms(wd.webhook.p99)],
        [
          'ratio',
          (wd.webhook.rps / w.webhook.rps).toFixed(2),
          (wd.webhook.p50 / w.webhook.p50).toFixed(2),
          (wd.webhook.p99 / w.webhook.p99).toFixed(2),
        ],
      ],
    ),
    journal: Boolean(j),
    ...(j
      ? {
          executions: j.executions,
          concurrency: j.concurrency,
          rounds: wd.rounds,
          journalTable: table(
            ['Endpoint', 'req/s', 'p50', 'p99'],
            [
              ['in memory', j.memory.rps.toFixed(0), ms(j.memory.p50), ms(j.memory.p99)],
              [
                'journaled (write + fdatasync)',
                j.journaled.rps.toFixed(0),
                ms(j.journaled.p50),
                ms(j.journaled.p99),
              ],
            ],
          ),
        }
      : {}),
  });
}
