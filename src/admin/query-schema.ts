/**
 * The query of `GET /admin/hires`: `stage` (any case), `limit` (1-100, default 25), `since` (a date or an ISO
 * time), `olderThan` (a duration such as `7d` or `12h`, src/kernel/duration.ts), `cursor` (opaque, checked by the
 * use case). Every bad value is listed at once as `{field, message}`.
 */
import * as v from 'valibot';
import { parseDuration } from '../kernel/duration';
import type { FieldError } from '../kernel/errors';
import { isStage, type Stage } from '../kernel/hire/stages';
import { issuePath, rule } from '../kernel/schemas';
import type { ReportQuery } from '../report/load-report';
import { waveNameProblem } from '../report/report';
import type { ListQuery } from './list';

/** Query string values as API Gateway v2 gives them (repeated keys joined by commas). */
export type QueryValues = Readonly<Record<string, string | undefined>>;

export type ParsedListQuery = { ok: true; query: ListQuery } | { ok: false; errors: FieldError[] };

const queryValue = v.string();

const sinceSchema = v.optional(
  v.pipe(
    queryValue,
    v.transform(Date.parse),
    v.check((ms) => !Number.isNaN(ms), 'must be a date or time, e.g. 2025-04-01'),
    v.transform((ms) => new Date(ms).toISOString()),
  ),
);

const listQuerySchema = v.object({
  stage: v.optional(
    v.pipe(
      queryValue,
      v.transform((stage) => stage.toUpperCase()),
      v.check((stage): stage is Stage => isStage(stage), 'unknown stage'),
    ),
  ),
  limit: v.optional(
    v.pipe(
      queryValue,
      v.transform(Number),
      v.check((n) => Number.isInteger(n) && n >= 1 && n <= 100, 'must be a whole number from 1 to 100'),
    ),
    '25',
  ),
  since: sinceSchema,
  olderThan: v.optional(
    v.pipe(
      queryValue,
      v.transform((text) => parseDuration(text)),
      v.check((ms) => !Number.isNaN(ms), 'must be a duration like 7d or 12h'),
    ),
  ),
  cursor: v.optional(queryValue),
});

export function parseListQuery(values: QueryValues): ParsedListQuery {
  const parsed = v.safeParse(listQuerySchema, values);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.issues.map((issue) => ({ field: issuePath(issue), message: issue.message })),
    };
  }
  const { stage, limit, since, olderThan, cursor } = parsed.output;
  return {
    ok: true,
    query: {
      limit,
      ...(stage !== undefined ? { stage: stage as Stage } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(olderThan !== undefined ? { olderThanMs: olderThan } : {}),
      ...(cursor ? { cursor } : {}),
    },
  };
}

export type ParsedReportQuery = { ok: true; query: ReportQuery } | { ok: false; errors: FieldError[] };

/** The query of `GET /admin/report`: `since` (as the list's) and `wave` (a wave name, as stored by the import). */
const reportQuerySchema = v.object({
  since: sinceSchema,
  wave: v.optional(v.pipe(queryValue, rule(waveNameProblem))),
});

export function parseReportQuery(values: QueryValues): ParsedReportQuery {
  const parsed = v.safeParse(reportQuerySchema, values);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.issues.map((issue) => ({ field: issuePath(issue), message: issue.message })),
    };
  }
  const { since, wave } = parsed.output;
  return {
    ok: true,
    query: { ...(since !== undefined ? { since } : {}), ...(wave !== undefined ? { wave } : {}) },
  };
}
