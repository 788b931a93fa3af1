import type { CostResult } from '../cost';
import { median, round, table, verdict } from '../stats';
import { BULK_RUNS, type SummaryRow, TARGETS, usd } from './results';
import { render } from './template';

/** Section 5: what an onboarded hire costs on AWS list prices, from the full bulk run's counts. */
export function costSection(
  cost: { full: CostResult; perRun: number[] } | undefined,
  summary: SummaryRow[],
): string {
  const c = cost?.full;
  if (!cost || !c) {
    summary.push(['5. Cost', 'not measured (needs the full bulk run)', '', 'n/a']);
    return render('cost-missing');
  }
  summary.push([
    '5. Cost',
    `${usd(c.perHireUsd)} per hire`,
    `< ${usd(TARGETS.costPerHireUsd)}`,
    verdict(c.perHireUsd < TARGETS.costPerHireUsd),
  ]);
  return render('cost', {
    hires: c.hires,
    region: c.prices.region,
    lines: table(
      ['Item', 'Quantity', 'Unit', 'Run total', 'Per hire'],
      c.lines.map((l) => [l.item, round(l.quantity, 1), l.unit, usd(l.usd), usd(l.perHireUsd)]),
    ),
    perHire: usd(c.perHireUsd),
    runHires: BULK_RUNS.join(', '),
    perRun: cost.perRun.map(usd).join(', '),
    median: usd(median(cost.perRun)),
  });
}
