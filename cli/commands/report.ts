import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../args';
import { callRoute } from '../call';
import { command, noPositionals } from '../command';
import { formatReport } from '../report';

const REPORT_LANGUAGES = ['ja', 'en'];

export const reportCommand = command({
  name: 'report',
  usage: ['report [--since DATE] [--wave NAME] [--html FILE] [--lang ja|en]'],
  summary: 'funnel, timings, stuck hires, waves and sources (HTML: one offline file)',
  options: {
    since: { type: 'string' },
    wave: { type: 'string' },
    html: { type: 'string' },
    lang: { type: 'string' },
  },
  routes: ['report'],
  async run({ api, io, values, args, print, printJson }) {
    noPositionals(args, 'report');
    const lang = values.lang?.toLowerCase();
    if (lang !== undefined && !REPORT_LANGUAGES.includes(lang))
      throw new UsageError(`--lang must be one of ${REPORT_LANGUAGES.join(', ')}`);
    const r = await callRoute(api(), 'report', { query: { since: values.since, wave: values.wave } });
    if (values.html) {
      // Loaded on first use: the message catalogs stay out of every other command.
      const { renderReportHtml } = await import('../../src/report/html');
      const path = resolve(io.cwd, values.html);
      writeFileSync(path, await renderReportHtml(r, { locale: lang ?? r.locale, timeZone: r.timeZone }));
      io.stderr.write(`wrote ${path}\n`);
    }
    if (values.json) printJson(r);
    else print(formatReport(r));
    return 0;
  },
});
