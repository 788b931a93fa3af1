import { listHires } from '../../../src/admin/list';
import { parseListQuery } from '../../../src/admin/query-schema';
import { json, problem } from '../../../src/kernel/http/responses';
import { adminRoute } from './route';

/** GET /admin/hires?stage&since&olderThan&limit&cursor: a page from the stage index, newest change first. */
export const listHiresRoute = adminRoute('GET', '/admin/hires', async (event, { deps }) => {
  const parsed = parseListQuery(event.queryStringParameters ?? {});
  if (!parsed.ok) return problem(400, 'Bad Request', 'invalid query', { errors: parsed.errors });
  return json(200, await listHires(deps, parsed.query));
});
