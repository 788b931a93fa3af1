import { listHires } from '../../../src/admin/list';
import { json } from '../../../src/kernel/http/responses';
import { adminRoute } from './route';

/** GET /admin/hires?stage&since&olderThan&limit&cursor: a page from the stage index, newest change first. */
export const listHiresRoute = adminRoute('listHires', async ({ query }, { deps }) =>
  json(200, await listHires(deps, query)),
);
