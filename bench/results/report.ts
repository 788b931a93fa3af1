import type { BulkResult } from '../bulk';
import type { ReportBenchResult } from '../report';
import { round, table, verdict } from '../stats';
import { type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 7: items the admin report reads per hire among 100,000, and whether it agrees with the list. */
export function reportSection(
  r: ReportBenchResult | undefined,
  bulk: BulkResult[],
  summary: SummaryRow[],
): string {
  const checks = bulk.filter((b) => b.reportCheck);
  const bulkAgrees = checks.length > 0 && checks.every((b) => b.reportCheck!.agrees);
  summary.push([
    '7. Report',
    checks.length
      ? `report counts = list counts for every stage after ${checks.length} bulk run(s)`
      : 'report vs list after the bulk run: not measured (bulk ran before the check existed)',
    'equal',
    checks.length ? verdict(bulkAgrees) : 'n/a',
  ]);
  if (!r) {
    summary.push(['7. Report', 'not measured', `≤ ${TARGETS.reportItemsPerHire}`, 'n/a']);
    return render('report-missing');
  }
  summary.push(
    [
      '7. Report',
      `items read per hire: ${r.full.itemsReadPerHire.toFixed(2)} (${r.full.itemsRead} for ${r.full.hires} hires), ${r.full.seconds.toFixed(1)} s`,
      `≤ ${TARGETS.reportItemsPerHire}`,
      verdict(r.full.status === 200 && r.full.itemsReadPerHire <= TARGETS.reportItemsPerHire),
    ],
    ['7. Report', 'counts per stage = seeded, = list (stages up to 5,000 hires)', 'equal', verdict(r.agrees)],
  );
  const run = (name: string, x: ReportBenchResult['full']) => {
    const q = x.dynamodb.byOperation.Query ?? { requests: 0, capacityUnits: 0, itemsRead: 0 };
    return [
      name,
      x.status,
      x.hires,
      q.requests,
      x.itemsRead,
      x.itemsReadPerHire.toFixed(2),
      round(q.capacityUnits, 1),
      x.seconds.toFixed(1),
    ];
  };
  const stages = Object.keys(r.seeded).map((s) => [
    s,
    r.seeded[s] ?? 0,
    r.full.counts[s] ?? 0,
    r.listChecked.find((c) => c.stage === s)?.listed ?? '(not paged)',
  ]);
  const bulkRows = checks.map((b) => [
    b.hires,
    b.reportCheck!.stages.map((s) => `${s.stage} ${s.report}/${s.listed}`).join(', '),
    verdict(b.reportCheck!.agrees),
  ]);
  return render('report', {
    total: r.total.toLocaleString('en'),
    seedSeconds: r.seedSeconds.toFixed(0),
    runs: table(
      ['Report', 'HTTP', 'Hires', 'Queries', 'Items read', 'Per hire', 'Capacity units', 'Seconds'],
      [run('all hires', r.full), run(`wave ${r.wave.name}`, r.wave)],
    ),
    stages: table(['Stage', 'Seeded', 'Report', 'List (paged to the end)'], stages),
    bulkChecked: bulkRows.length > 0,
    ...(bulkRows.length ? { bulkRows: table(['Hires', 'Stages', 'Result'], bulkRows) } : {}),
  });
}
