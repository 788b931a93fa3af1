import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute } from './route';

/** GET /admin/report?since&wave: the funnel, timings, stuck hires, waves and sources, from the stage index. */
export const reportRoute = adminRoute('report', async ({ query }, { deps }) => {
  // Loaded on first use, like the other rare admin paths (docs/decisions.md, "Cold start").
  const { hireReport } = await import('../../../src/report/load-report');
  const report = await hireReport(deps, query);
  log.info('admin report', { hires: report.total, ...report.read });
  return json(200, report);
});
