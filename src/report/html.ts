/**
 * The admin report as one self-contained HTML file (`npm run admin -- report --html FILE`): inline CSS,
 * inline SVG bars, no script, no image, no font or style sheet from anywhere, so it opens offline and can
 * be mailed. Text is HTML (it wraps on a phone); only the bars are SVG, sized in percent of their row.
 * Every piece of text passes through escapeHtml.
 */

import { escapeHtml } from '../kernel/email/blocks';
import { REPORT_MESSAGES, translator } from '../kernel/email/catalog';
import { CalendarDate } from '../kernel/email/format';
import { STAGES, type Stage } from '../kernel/hire/stages';
import type { HireReport, Progress, StuckHire, Timing } from './report';

export interface ReportView {
  /** `ja`, `en` (or a longer tag; unsupported ones fall back to English). */
  locale: string;
  timeZone: string;
}

const COLORS: Record<Stage, string> = {
  RECEIVED: '#9aa5b1',
  QUEUED: '#7b8794',
  PROVISIONING: '#3e7cb1',
  INVITED: '#f0b429',
  PASSWORD_SET: '#cb6e17',
  ACTIVE: '#2f8132',
  FAILED: '#ba2525',
  BOUNCED: '#e12d39',
  ESCALATED: '#8719e0',
  CANCELLED: '#52606d',
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","IPAGothic",sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:0 0 12px}
section{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:16px;margin:16px 0}
.meta{color:#52606d;margin:0}
.bars{list-style:none;margin:0;padding:0}
.bars li{display:grid;grid-template-columns:minmax(0,14em) minmax(0,1fr) 4em;gap:8px;align-items:center;margin:4px 0}
.bars .n{text-align:right;font-variant-numeric:tabular-nums}
svg{display:block;width:100%}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top;overflow-wrap:anywhere}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:#f0f4f8;padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14em,1fr));gap:12px}
.card{border:1px solid #e4e7eb;border-radius:6px;padding:12px}
.card b{display:block;font-size:1.4rem}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin:8px 0 0;padding:0;list-style:none;font-size:.85rem}
.legend i{display:inline-block;width:.8em;height:.8em;margin-right:4px;border-radius:2px;vertical-align:baseline}
.group{margin:12px 0}
.group p{margin:0 0 4px;overflow-wrap:anywhere}
@media (max-width:600px){
 main{padding:8px}
 section{padding:12px}
 .bars li{grid-template-columns:minmax(0,1fr) 3.5em}
 .bars li svg{grid-column:1/-1;grid-row:2}
 table.stuck thead{display:none}
 table.stuck,table.stuck tbody,table.stuck tr,table.stuck td{display:block;width:100%}
 table.stuck tr{border-bottom:1px solid #d9e2ec;padding:6px 0}
 table.stuck td{border:0;padding:2px 0}
}
`;

export async function renderReportHtml(report: HireReport, view: ReportView): Promise<string> {
  const t = await translator([REPORT_MESSAGES], view.locale, view.locale, view.timeZone);
  const text = (key: Parameters<typeof t.text>[0], args?: Parameters<typeof t.text>[1]) =>
    escapeHtml(t.text(key, args));
  const stageName = (stage: Stage) => text(`report.stage.${stage}` as Parameters<typeof t.text>[0]);
  const duration = (seconds: number | undefined) => {
    if (seconds === undefined) return '–';
    const minutes = Math.max(0, Math.round(seconds / 60));
    if (minutes >= 24 * 60) {
      return text('report.duration.days', {
        days: Math.floor(minutes / 1440),
        hours: Math.floor((minutes % 1440) / 60),
      });
    }
    if (minutes >= 60)
      return text('report.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
    return text('report.duration.minutes', { minutes });
  };

  const meta = [
    text('report.generated', { at: new Date(report.generatedAt) }),
    report.filter.since ? text('report.filter.since', { since: new Date(report.filter.since) }) : '',
    report.filter.wave !== undefined ? text('report.filter.wave', { wave: report.filter.wave }) : '',
    text('report.total', { count: report.total }),
  ].filter(Boolean);

  const most = Math.max(1, ...report.funnel.map((f) => f.count));
  const funnel = `<ul class="bars">${report.funnel
    .map(
      (f) =>
        `<li><span>${stageName(f.stage)}</span>${bar([{ color: COLORS[f.stage], share: f.count / most }])}<span class="n" data-stage="${f.stage}">${f.count}</span></li>`,
    )
    .join('')}</ul>`;

  const timingCard = (title: string, timing: Timing) =>
    `<div class="card"><h3>${title}</h3><p>${text('report.timings.median')}<b>${duration(timing.medianSeconds)}</b></p><p>${text('report.timings.p90')}<b>${duration(timing.p90Seconds)}</b></p><p class="meta">${text('report.timings.count', { count: timing.count })}</p></div>`;
  const timings = `<div class="cards">${timingCard(text('report.timings.toInvitation'), report.timings.toInvitation)}${timingCard(text('report.timings.toFirstLogin'), report.timings.toFirstLogin)}</div>`;

  const todo = (s: StuckHire) => {
    switch (s.action) {
      case 'resume':
        return text('report.action.resume', { at: new Date(s.expectedBy ?? s.since) });
      case 'adopt':
        return text('report.action.adopt');
      case 'reinvite-email':
        return text('report.action.reinvite-email');
      case 'reinvite':
        return s.stage === 'FAILED'
          ? text('report.action.reinvite.FAILED', { error: s.error ?? '?' })
          : text('report.action.reinvite.ESCALATED');
    }
  };
  const stuck =
    report.stuckTotal === 0
      ? `<p>${text('report.stuck.none')}</p>`
      : `<table class="stuck"><thead><tr><th>${text('report.stuck.employee')}</th><th>${text('report.stuck.stage')}</th><th>${text('report.stuck.since')}</th><th style="width:45%">${text('report.stuck.todo')}</th></tr></thead><tbody>${report.stuck
          .map(
            (s) =>
              `<tr><td>${escapeHtml(s.employeeId)}</td><td>${stageName(s.stage)}</td><td>${text('report.stuck.at', { at: new Date(s.since) })}</td><td>${todo(s)}<br><code>${escapeHtml(s.command)}</code></td></tr>`,
          )
          .join('')}</tbody></table>${
          report.stuckTotal > report.stuck.length
            ? `<p class="meta">${text('report.stuck.more', { listed: report.stuck.length, total: report.stuckTotal })}</p>`
            : ''
        }`;

  const a = report.attention;
  const attention = `<div class="cards">${(
    [
      ['report.attention.failed', a.failed],
      ['report.attention.bounced', a.bounced],
      ['report.attention.complaints', a.complaints],
      ['report.attention.everBounced', a.everBounced],
      ['report.attention.escalated', a.escalated],
      ['report.attention.everEscalated', a.everEscalated],
    ] as const
  )
    .map(([key, n]) => `<div class="card">${text(key)}<b>${n}</b></div>`)
    .join('')}</div>`;

  const pcoip = `<div class="cards"><div class="card">${text('report.pcoip.inUse')}<b>${report.pcoip.inUse}</b></div></div><p class="meta">${text('report.pcoip.end', { end: new CalendarDate(report.pcoip.endOfSupport) })}</p>`;

  const groups = (list: Progress[]) =>
    list
      .map((g) => {
        const percent = g.total ? Math.round((g.active / g.total) * 100) : 0;
        const parts = STAGES.filter((s) => g.stages[s]).map((s) => ({
          color: COLORS[s],
          share: (g.stages[s] ?? 0) / g.total,
        }));
        return `<div class="group"><p><b>${escapeHtml(g.name)}</b> — ${text('report.progress.total')} ${g.total} · ${text('report.progress.active')} ${g.active} (${text('report.progress.percent', { percent })})</p>${bar(parts, 16)}</div>`;
      })
      .join('');
  const legend = `<ul class="legend">${STAGES.map((s) => `<li><i style="background:${COLORS[s]}"></i>${stageName(s)}</li>`).join('')}</ul>`;

  return `<!doctype html>
<html lang="${escapeHtml(t.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text('report.title')}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${text('report.title')}</h1>
${meta.map((m) => `<p class="meta">${m}</p>`).join('\n')}
<section id="funnel"><h2>${text('report.funnel.title')}</h2>${funnel}</section>
<section id="timings"><h2>${text('report.timings.title')}</h2>${timings}</section>
<section id="stuck"><h2>${text('report.stuck.title')}</h2>${stuck}</section>
<section id="attention"><h2>${text('report.attention.title')}</h2>${attention}</section>
<section id="pcoip"><h2>${text('report.pcoip.title')}</h2>${pcoip}</section>
<section id="waves"><h2>${text('report.waves.title')}</h2>${report.waves.length ? groups(report.waves) + legend : `<p>${text('report.waves.none')}</p>`}</section>
<section id="sources"><h2>${text('report.sources.title')}</h2>${groups(report.sources)}${legend}</section>
<p class="meta">${text('report.read', { queries: report.read.queries, items: report.read.itemsRead, hires: report.total })}</p>
</main>
</body>
</html>
`;
}

/** One horizontal bar: consecutive parts, each a share (0–1) of the row's width. */
function bar(parts: { color: string; share: number }[], height = 14): string {
  let x = 0;
  const rects = parts
    .filter((p) => p.share > 0)
    .map((p) => {
      const rect = `<rect x="${pct(x)}" y="0" width="${pct(p.share)}" height="${height}" fill="${p.color}"/>`;
      x += p.share;
      return rect;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" height="${height}" role="presentation" focusable="false"><rect x="0" y="0" width="100%" height="${height}" fill="#eef2f7"/>${rects}</svg>`;
}

const pct = (share: number) => `${(Math.min(1, Math.max(0, share)) * 100).toFixed(2)}%`;
