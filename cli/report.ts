/** `npm run admin -- report` as text: the report's tables for a terminal (the HTML file: src/report/html.ts). */

import { STAGES } from '../src/kernel/hire/stages';
import type { ReportAnswer } from '../src/report/load-report';
import type { Progress, Timing } from '../src/report/report';
import { table } from './output';

export function formatReport(r: ReportAnswer): string {
  const filters = [
    r.filter.since ? `stage changed since ${r.filter.since}` : '',
    r.filter.wave !== undefined ? `wave ${r.filter.wave}` : '',
  ].filter(Boolean);
  const out: string[] = [
    `Onboarding report as of ${r.generatedAt}: ${r.total} hire(s)${filters.length ? ` (${filters.join(', ')})` : ''}\n`,
    table(
      ['STAGE', 'HIRES'],
      r.funnel.map((f) => [f.stage, f.count]),
    ),
    '\n',
    table(
      ['TIME', 'MEDIAN', 'P90', 'HIRES'],
      [
        ['to the invitation', ...timing(r.timings.toInvitation)],
        ['invitation to first sign-in', ...timing(r.timings.toFirstLogin)],
      ],
    ),
  ];
  const a = r.attention;
  out.push(
    `\nFailed ${a.failed}; bounced ${a.bounced} (complaints ${a.complaints}, ever bounced ${a.everBounced}); escalated ${a.escalated} (ever ${a.everEscalated})\n`,
  );
  out.push(
    `PCoIP WorkSpaces still in use: ${r.pcoip.inUse} (AWS ends PCoIP support on ${r.pcoip.endOfSupport}${r.pcoip.inUse ? ': move them to Amazon DCV with Modify Protocol' : ''})\n`,
  );
  out.push(
    `\nNeeds an admin: ${r.stuckTotal}${r.stuckTotal > r.stuck.length ? ` (the ${r.stuck.length} longest waiting listed)` : ''}\n`,
  );
  if (r.stuck.length) {
    out.push(
      table(
        ['EMPLOYEE', 'STAGE', 'SINCE', 'EXPECTED BY', 'ERROR', 'DO'],
        r.stuck.map((s) => [s.employeeId, s.stage, s.since, s.expectedBy, s.error, s.command]),
      ),
    );
  }
  out.push('\n', progressTable('WAVE', r.waves), '\n', progressTable('SOURCE', r.sources));
  const perHire = r.total ? (r.read.itemsRead / r.total).toFixed(2) : '0';
  out.push(
    `\nRead from the stage index: ${r.read.queries} queries, ${r.read.itemsRead} items (${perHire} per hire)\n`,
  );
  return out.join('');
}

function timing(t: Timing): (string | number)[] {
  return [duration(t.medianSeconds), duration(t.p90Seconds), t.count];
}

/** `2d 3h`, `4h 05m`, `12m`: enough to compare, short enough for a column. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes >= 1440) return `${Math.floor(minutes / 1440)}d ${Math.floor((minutes % 1440) / 60)}h`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${minutes}m`;
}

function progressTable(title: string, groups: Progress[]): string {
  if (groups.length === 0) return `${title}: none\n`;
  const used = STAGES.filter((s) => groups.some((g) => g.stages[s]));
  return table(
    [title, 'HIRES', 'SIGNED IN', ...used],
    groups.map((g) => [
      g.name,
      g.total,
      `${g.active} (${g.total ? Math.round((g.active / g.total) * 100) : 0}%)`,
      ...used.map((s) => g.stages[s] ?? 0),
    ]),
  );
}
