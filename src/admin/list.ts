import { InvalidCursorError } from '../kernel/errors';
import { STAGES, type Stage } from '../kernel/hire/stages';
import type { AdminDeps } from './deps';
import { type HireSummary, summarize } from './summary';

export interface ListQuery {
  /** One stage; without it every stage is listed, stage by stage. */
  stage?: Stage;
  /** Changed at or after this ISO time. */
  since?: string;
  /** Invited (never invited: created) at least this long ago, on the product's clock. */
  olderThanMs?: number;
  limit: number;
  cursor?: string;
}

export interface HireList {
  hires: HireSummary[];
  cursor?: string;
}

interface ListCursor {
  stage: Stage;
  key?: string;
}

/** A page of hires from the stage index: one Query per stage touched, never a Scan. */
export async function listHires(
  deps: Pick<AdminDeps, 'stageIndex' | 'clock'>,
  query: ListQuery,
): Promise<HireList> {
  const position = decode(query.cursor);
  if (query.stage && position && position.stage !== query.stage) {
    throw new InvalidCursorError('the cursor belongs to another stage');
  }
  const stages = query.stage ? [query.stage] : STAGES.slice(position ? STAGES.indexOf(position.stage) : 0);
  const invitedBefore =
    query.olderThanMs !== undefined
      ? new Date(deps.clock.nowMs() - query.olderThanMs).toISOString()
      : undefined;
  const hires: HireSummary[] = [];
  let key = position?.key;
  for (const stage of stages) {
    const page = await deps.stageIndex.list({
      stage,
      limit: query.limit - hires.length,
      ...(query.since ? { since: query.since } : {}),
      ...(invitedBefore ? { invitedBefore } : {}),
      ...(key ? { cursor: key } : {}),
    });
    key = undefined;
    hires.push(...page.hires.map(summarize));
    if (page.cursor) return { hires, cursor: encode({ stage, key: page.cursor }) };
    if (hires.length >= query.limit) {
      const next = STAGES[STAGES.indexOf(stage) + 1];
      return next && !query.stage ? { hires, cursor: encode({ stage: next }) } : { hires };
    }
  }
  return { hires };
}

function encode(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decode(cursor: string | undefined): ListCursor | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as ListCursor;
    if (STAGES.includes(value.stage) && (value.key === undefined || typeof value.key === 'string'))
      return value;
  } catch {
    // Reported below.
  }
  throw new InvalidCursorError('the cursor is not one this API returned');
}
