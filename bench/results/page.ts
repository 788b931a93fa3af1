import { table } from '../stats';
import { bulkSection } from './bulk';
import { bundlesSection } from './bundles';
import { costSection } from './cost';
import { crashSection } from './crash';
import { mailSection } from './mail';
import { reportSection } from './report';
import type { Results, SummaryRow } from './results';
import { burstSection, waveSection } from './starts';
import { sweepSection } from './sweep';
import { render } from './template';
import { webhookSection } from './webhook';

/**
 * bench/RESULTS.md from bench/results.json: the header, the summary of every target, then a section per
 * scenario. After a run with `--only`, the other sections keep their last run's figures.
 */
export function resultsPage(r: Results): string {
  const { machine: m, only } = r;
  const summary: SummaryRow[] = [];
  const sections = [
    bulkSection(r.bulk, summary),
    webhookSection(r.webhook, r.webhookData, summary),
    sweepSection(r.sweep, summary, r.sweepLarge),
    bundlesSection(r.bundles, summary),
    costSection(r.cost, summary),
    crashSection(r.crash, summary),
    reportSection(r.report, r.bulk, summary),
    burstSection(r.burst, summary),
    waveSection(r.wave, summary),
    mailSection(r.mail, summary),
  ];
  const page = render('page', {
    onlyArgs: only ? ` -- --only ${only.join(',')}` : '',
    seconds: r.totalSeconds.toFixed(0),
    partial: Boolean(only),
    ...(only
      ? {
          only: only.join(', '),
          measured: Object.entries(r.measured)
            .map(([name, at]) => `${name} ${at.date.slice(0, 10)} (commit ${at.commit})`)
            .join('; '),
        }
      : {}),
    cpu: m.cpu,
    cores: m.cores,
    memoryGiB: m.memoryGiB,
    node: m.node,
    date: m.date,
    commit: m.commit,
    uncommitted: m.uncommittedChanges,
    packages: Object.entries(m.packages)
      .map(([p, v]) => `${p} ${v}`)
      .join(', '),
    summary: table(['Scenario', 'Figure', 'Target', 'Result'], summary),
    sections: sections.join('\n\n'),
  });
  return `${page}\n`;
}
