import type { BurstResult } from '../burst';
import { round, table, verdict } from '../stats';
import type { WaveResult } from '../wave';
import { type SummaryRow, TARGETS } from './results';
import { render } from './template';

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ') || 'none';

/** Section 8: bursts of deliveries against Step Functions' StartExecution bucket, one run per bucket. */
export function burstSection(runs: BurstResult[] | undefined, summary: SummaryRow[]): string {
  if (!runs?.length) {
    summary.push(['8. Start burst', 'not measured: the run failed', `${TARGETS.burstLost} lost`, 'n/a']);
    return render('burst-missing');
  }
  for (const r of runs) {
    summary.push([
      `8. Start burst (bucket ${r.budget.burst}, ${r.budget.ratePerSecond}/s)`,
      `${lost(r)} lost of ${r.hires.toLocaleString('en')}; ${startedIn(r)}`,
      `${TARGETS.burstLost} lost`,
      verdict(lost(r) === TARGETS.burstLost),
    ]);
  }
  const rows = runs.map((r) => [
    r.hires.toLocaleString('en'),
    `${r.budget.burst}, ${r.budget.ratePerSecond}/s${r.scale === 1 ? " (Tokyo's)" : ` (Tokyo's ÷ ${r.scale})`}`,
    counts(r.firstAnswers),
    r.retries,
    r.retryAfter.max ? `${r.retryAfter.min}–${r.retryAfter.max} s` : '-',
    counts(r.lastAnswers),
    `${r.startCalls.allowed} / ${r.startCalls.throttled}`,
    `${r.executions.total} (${r.executions.distinctNames} names)`,
    `${r.reconciler.started} (${r.reconciler.runs ?? 1} runs)`,
    lost(r),
    round(r.seconds.post, 1),
    Number.isFinite(r.seconds.allStarted ?? Number.NaN) ? round(r.seconds.allStarted, 1) : 'not all',
  ]);
  return render('burst', {
    runs: table(
      [
        'Hires',
        'Bucket (burst, refill)',
        'First answers',
        'HR retries',
        'Retry-After',
        'Last answers',
        'Starts allowed / throttled',
        'Executions',
        'Started by the reconciler (runs)',
        'Lost',
        'Posting, s',
        'All started, s',
      ],
      rows,
    ),
  });
}

/** JSON keeps a NaN as null: not every hire was started by the end of the run. */
const startedIn = (r: BurstResult) =>
  Number.isFinite(r.seconds.allStarted ?? Number.NaN)
    ? `all started after ${r.seconds.allStarted.toFixed(0)} s`
    : `${r.executions.hiresWithout} never started in the run`;

/** A hire is lost when it has no execution in the end, or more than one. */
const lost = (r: BurstResult) =>
  r.executions.hiresWithout + (r.executions.total - r.executions.distinctNames);

/** Section 9: a 10,000-hire wave through the webhook, against the calls' lower bound and the ideal time. */
export function waveSection(w: WaveResult | undefined, summary: SummaryRow[]): string {
  if (!w) {
    summary.push(['9. Wave', 'not measured: the run failed', `≤ ${TARGETS.waveCallsRatio}×`, 'n/a']);
    return render('wave-missing');
  }
  const callsRatio = w.workspacesCalls / w.lowerBound;
  const timeRatio = w.secondsAfterLastAccepted / w.idealSeconds;
  summary.push(
    [
      '9. Wave',
      `WorkSpaces calls ÷ lower bound: ${callsRatio.toFixed(3)} (${w.workspacesCalls} / ${w.lowerBound})`,
      `≤ ${TARGETS.waveCallsRatio}×`,
      verdict(callsRatio <= TARGETS.waveCallsRatio),
    ],
    [
      '9. Wave',
      `time after the last 202 ÷ ideal: ${timeRatio.toFixed(2)} (${w.secondsAfterLastAccepted.toFixed(0)} s / ${w.idealSeconds.toFixed(0)} s)`,
      `≤ ${TARGETS.waveTimeRatio}×`,
      verdict(timeRatio <= TARGETS.waveTimeRatio),
    ],
    [
      '9. Wave',
      `failed ${w.failed}, duplicates ${w.duplicates}`,
      '0, 0',
      verdict(w.failed === 0 && w.duplicates === 0),
    ],
  );
  const b = w.bulk;
  return render('wave', {
    hires: w.hires.toLocaleString('en'),
    accepted: b.accepted,
    retries: b.retries ?? 0,
    rejected: counts(b.rejected),
    perOperation: table(
      ['WorkSpaces operation', 'Requests', 'Throttled'],
      Object.entries(b.workspacesCalls).map(([op, c]) => [op, c.requests, c.throttled]),
    ),
    calls: w.workspacesCalls,
    lowerBound: w.lowerBound,
    callsRatio: callsRatio.toFixed(3),
    budget: w.budgetPerSecond,
    post: b.seconds.post.toFixed(0),
    after: w.secondsAfterLastAccepted.toFixed(0),
    ideal: w.idealSeconds.toFixed(0),
    timeRatio: timeRatio.toFixed(2),
    clockMinutes: b.clockMinutes,
    stages: counts(b.stages),
    failed: w.failed,
    duplicates: w.duplicates,
  });
}
