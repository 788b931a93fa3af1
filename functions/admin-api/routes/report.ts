import { parseReportQuery } from '../../../src/admin/query-schema';
import { json, problem } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute } from './route';

/** GET /admin/report?since&wave: the funnel, timings, stuck hires, waves and sources, from the stage index. */
export const reportRoute = adminRoute('GET', '/admin/report', async (event, { deps }) => {
  const parsed = parseReportQuery(event.queryStringParameters ?? {});
  if (!parsed.ok) return problem(400, 'Bad Request', 'invalid query', { errors: parsed.errors });
  // Loaded on first use, like the other rare admin paths (docs/decisions.md, "Cold start").
  const { hireReport } = await import('../../../src/report/load-report');
  const report = await hireReport(deps, parsed.query);
  log.info('admin report', { hires: report.total, ...report.read });
  return json(200, report);
});
