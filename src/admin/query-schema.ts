/**
 * The queries of the admin routes (src/admin/contract.ts), as API Gateway gives them: every value a string.
 * `GET /admin/hires`: `stage` (any case), `limit` (1-100, default 25), `since` (a date or an ISO time),
 * `olderThan` (a duration with its unit such as `7d` or `12h`, src/kernel/duration.ts), `cursor` (opaque,
 * checked by the use case). Every bad value is listed at once as `{field, message}`.
 */
import * as v from 'valibot';
import { durationProblem, parseDuration } from '../kernel/duration';
import type { FieldError } from '../kernel/errors';
import { isStage, type Stage } from '../kernel/hire/stages';
import { readPart, rule } from '../kernel/schemas';
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

const waveSchema = v.optional(v.pipe(queryValue, rule(waveNameProblem)));

/** `GET /admin/hires`. */
export const listQuery = v.pipe(
  v.object({
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
        rule(durationProblem),
        v.transform((text) => parseDuration(text)),
      ),
    ),
    cursor: v.optional(queryValue),
  }),
  v.transform(
    ({ stage, limit, since, olderThan, cursor }): ListQuery => ({
      limit,
      ...(stage !== undefined ? { stage: stage as Stage } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(olderThan !== undefined ? { olderThanMs: olderThan } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  ),
);

/** `GET /admin/report`: `since` (as the list's) and `wave` (a wave name, as stored by the import). */
export const reportQuery = v.pipe(
  v.object({ since: sinceSchema, wave: waveSchema }),
  v.transform(
    ({ since, wave }): ReportQuery => ({
      ...(since !== undefined ? { since } : {}),
      ...(wave !== undefined ? { wave } : {}),
    }),
  ),
);

/** A flag of a query: on when present as `dryRun`, `dryRun=1`, `=true` or `=yes`. */
const queryFlag = v.optional(
  v.pipe(
    queryValue,
    v.transform((value) => /^(1|true|yes|)$/i.test(value)),
  ),
  'false',
);

/** `POST /admin/imports`: `dryRun`, `skipInvalid`, `lineOffset` (the chunk's first line), `wave`. */
export const importQuery = v.object({
  dryRun: queryFlag,
  skipInvalid: queryFlag,
  lineOffset: v.optional(
    v.pipe(
      queryValue,
      v.transform(Number),
      v.check((n) => Number.isInteger(n) && n >= 0, 'must be a whole number ≥ 0'),
    ),
    '0',
  ),
  wave: waveSchema,
});

/** `POST /admin/preflight` (text/csv): `skipInvalid` (invalid rows will be left out, as the import's). */
export const preflightWaveQuery = v.object({ skipInvalid: queryFlag });

const queryText = (max: number) =>
  v.optional(
    v.pipe(
      queryValue,
      v.trim(),
      v.minLength(1, 'must not be empty'),
      v.maxLength(max, `must be at most ${max} characters`),
    ),
  );

/**
 * `GET /admin/preflight`: one hire's `directoryId` and `bundleId` (the configured default when absent) and
 * `userName` (its directory account and whether another hire holds it).
 */
export const preflightHireQuery = v.object({
  directoryId: queryText(70),
  bundleId: queryText(70),
  userName: queryText(64),
});

export function parseListQuery(values: QueryValues): ParsedListQuery {
  const read = readPart(listQuery, values);
  return read.ok ? { ok: true, query: read.value } : read;
}

export type ParsedReportQuery = { ok: true; query: ReportQuery } | { ok: false; errors: FieldError[] };

export function parseReportQuery(values: QueryValues): ParsedReportQuery {
  const read = readPart(reportQuery, values);
  return read.ok ? { ok: true, query: read.value } : read;
}
