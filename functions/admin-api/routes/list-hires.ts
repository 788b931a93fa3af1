import { listHires } from '../../../src/app/admin/list';
import type { FieldError } from '../../../src/domain/hire';
import { isStage } from '../../../src/domain/stages';
import { json, problem } from '../../../src/http/responses';
import { adminRoute } from './route';

/** GET /admin/hires?stage&since&olderThan&limit&cursor: a page from the stage index, newest change first. */
export const listHiresRoute = adminRoute('GET', '/admin/hires', async (event, { deps }) => {
  const query = event.queryStringParameters ?? {};
  const errors: FieldError[] = [];
  const stage = query.stage?.toUpperCase();
  if (stage !== undefined && !isStage(stage)) errors.push({ field: 'stage', message: 'unknown stage' });
  const limit = query.limit === undefined ? 25 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    errors.push({ field: 'limit', message: 'must be a whole number from 1 to 100' });
  }
  const since = query.since === undefined ? undefined : isoTime(query.since);
  if (since === null) errors.push({ field: 'since', message: 'must be a date or time, e.g. 2025-04-01' });
  const olderThanMs = query.olderThan === undefined ? undefined : durationMs(query.olderThan);
  if (Number.isNaN(olderThanMs))
    errors.push({ field: 'olderThan', message: 'must be a duration like 7d or 12h' });
  if (errors.length) return problem(400, 'Bad Request', 'invalid query', { errors });
  const page = await listHires(deps, {
    limit,
    ...(stage && isStage(stage) ? { stage } : {}),
    ...(since ? { since } : {}),
    ...(olderThanMs !== undefined ? { olderThanMs } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return json(200, page);
});

/** `2025-04-01` or a full ISO time → ISO time; null when unreadable. */
function isoTime(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `2w`, `90m` → milliseconds; NaN otherwise. */
export function durationMs(value: string): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : Number.NaN;
}
