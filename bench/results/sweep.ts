import { round, table, verdict } from '../stats';
import type { SweepResult } from '../sweep';
import { type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 3: items the reminder run reads per due hire among 100,000. */
export function sweepSection(s: SweepResult | undefined, summary: SummaryRow[], large?: SweepResult): string {
  if (!s?.ran) {
    const reason = s ? s.reason : 'the run failed';
    summary.push(['3. Sweep', `not measured: ${reason}`, `≤ ${TARGETS.sweepItemsPerDue}`, 'n/a']);
    return render('sweep-missing', { reason });
  }
  const indexPerDue = s.indexItemsRead / s.due;
  const allPerDue = s.allItemsRead / s.due;
  summary.push([
    '3. Sweep',
    `index items read per due hire: ${indexPerDue.toFixed(2)} (all item reads: ${allPerDue.toFixed(2)})`,
    `≤ ${TARGETS.sweepItemsPerDue}`,
    verdict(indexPerDue <= TARGETS.sweepItemsPerDue),
  ]);
  const ops = Object.entries(s.dynamodb.byOperation).map(([op, c]) => [
    op,
    c.requests,
    c.itemsRead,
    round(c.capacityUnits, 1),
  ]);
  const ws = Object.entries(s.workspacesCalls).map(([op, c]) => [op, c.requests, c.throttled]);
  return render('sweep', {
    total: s.total.toLocaleString('en'),
    seedSeconds: s.seedSeconds.toFixed(0),
    due: s.due,
    runs: s.runs,
    seconds: s.seconds.toFixed(1),
    dynamodb: table(['DynamoDB operation', 'Requests', 'Items read', 'Capacity units'], ops),
    workspacesCalls: ws.length > 0,
    ...(ws.length ? { workspaces: table(['WorkSpaces operation', 'Requests', 'Throttled'], ws) } : {}),
    reports: JSON.stringify(s.reports),
    emails: s.emails,
    indexItemsRead: s.indexItemsRead,
    allItemsRead: s.allItemsRead,
    allPerDue: allPerDue.toFixed(2),
    large: largeSection(large, summary),
  });
}

/** The same sweep among 1,000,000 hires (`--large`): what it reads per due hire as the table grows tenfold. */
function largeSection(s: SweepResult | undefined, summary: SummaryRow[]): string {
  if (!s) return render('sweep-large-missing');
  if (!s.ran) return render('sweep-large-failed', { reason: s.reason });
  const indexPerDue = s.indexItemsRead / s.due;
  summary.push([
    '3. Sweep',
    `among ${s.total.toLocaleString('en')} hires: index items read per due hire ${indexPerDue.toFixed(2)} (all item reads: ${(s.allItemsRead / s.due).toFixed(2)})`,
    `≤ ${TARGETS.sweepItemsPerDue}`,
    verdict(indexPerDue <= TARGETS.sweepItemsPerDue),
  ]);
  return render('sweep-large', {
    total: s.total.toLocaleString('en'),
    seedSeconds: s.seedSeconds.toFixed(0),
    due: s.due,
    runs: s.runs,
    seconds: s.seconds.toFixed(1),
    indexItemsRead: s.indexItemsRead,
    allItemsRead: s.allItemsRead,
    indexPerDue: indexPerDue.toFixed(2),
    allPerDue: (s.allItemsRead / s.due).toFixed(2),
  });
}
