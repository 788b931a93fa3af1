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
  summary.push(
    [
      '2. Webhook',
      `throughput ${w.webhook.rps.toFixed(0)} vs baseline ${w.baseline.rps.toFixed(0)} req/s = ${rpsRatio.toFixed(2)}×`,
      `≥ ${TARGETS.webhookThroughputRatio}×`,
      verdict(rpsRatio >= TARGETS.webhookThroughputRatio),
    ],
    [
      '2. Webhook',
      `p99 ${ms(w.webhook.p99)} vs baseline ${ms(w.baseline.p99)} = ${p99Ratio.toFixed(2)}×`,
      `≤ ${TARGETS.webhookP99Ratio}×`,
      verdict(p99Ratio <= TARGETS.webhookP99Ratio),
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
    perRequest: Object.entries(w.dynamoCommandsPerRequest)
      .filter(([, n]) => n >= 0.01)
      .map(([c, n]) => `${n.toFixed(2)} ${c}`)
      .join(', '),
    cpuWebhook: cpuWebhook.toFixed(1),
    cpuBaseline: cpuBaseline.toFixed(1),
    work: (cpuWebhook / cpuBaseline).toFixed(1),
    withData: `\n\n${withDataSection(w, wd, summary)}`,
  });
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
