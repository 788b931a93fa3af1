/**
 * The admin API, declared once: each route's method, path (`{param}`s as in serverless.yml), one-line summary,
 * request (path parameters, query, body) and answer. From it come the router and its one request check
 * (functions/admin-api), the CLI's typed client (cli/call.ts), the admin guide's table (cli/routes-table.ts)
 * and the tests that hold serverless.yml to it.
 *
 * A request part a route leaves out takes nothing; a JSON body is an object whose keys are all known (a
 * typo is refused, never ignored). An answer schema checks the documented fields only (loose objects): the
 * use case's type says the rest.
 */
import * as v from 'valibot';
import type { FieldError } from '../kernel/errors';
import { isEmailAddress } from '../kernel/hire/hire';
import { STAGES } from '../kernel/hire/stages';
import { knownObject, readPart, text } from '../kernel/schemas';
import type { RecoveryResult } from '../provisioning/reconcile';
import type { ReportAnswer } from '../report/load-report';
import type { AdoptResult } from './adopt';
import type { CancelResult } from './cancel';
import type { HireList } from './list';
import type { PreflightReport } from './preflight';
import { importQuery, listQuery, preflightHireQuery, preflightWaveQuery, reportQuery } from './query-schema';
import type { ReinviteResult } from './reinvite';
import type { HireStatus } from './status';

export type RouteMethod = 'GET' | 'POST';

/** An answer's schema, carrying the use case's whole answer type for the typed client. */
export type AnswerSchema<A> = v.GenericSchema & { readonly '~answer'?: A };

const answer = <A>(schema: v.GenericSchema): AnswerSchema<A> => schema;

export interface RouteContract {
  method: RouteMethod;
  path: string;
  summary: string;
  query?: v.GenericSchema;
  /** A JSON object (`{}` when the body is empty), or a CSV file the route decodes itself. */
  body?: v.GenericSchema | 'text/csv';
  answer: AnswerSchema<unknown>;
}

/** The path parameters' names: `/admin/hires/{employeeId}` → `employeeId`. */
export type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | ParamNames<Rest>
  : never;

type Part<S> = S extends v.GenericSchema ? v.InferOutput<S> : undefined;

/** What a route's logic is given once its request passed the contract. */
export interface RouteInput<R extends RouteContract> {
  params: Record<ParamNames<R['path']>, string>;
  query: Part<R['query']>;
  body: R['body'] extends v.GenericSchema ? v.InferOutput<R['body']> : undefined;
}

export type RouteAnswer<R extends RouteContract> = R['answer'] extends AnswerSchema<infer A> ? A : never;

/** The admin API's answers name the employee they are about as the path named them. */
type Named<A> = A & { employeeId: string };

const stage = v.picklist(STAGES);
const actionAnswer = { employeeId: v.string(), hireId: v.string() };
/** Who the action was for, as `status` and `list` name a hire. */
const hireSummary = v.looseObject({
  hireId: v.string(),
  employeeId: v.string(),
  stage,
  name: v.string(),
  email: v.string(),
  updatedAt: v.string(),
});

const email = v.pipe(
  v.string('must be an email address like name@example.com'),
  v.trim(),
  v.check(isEmailAddress, 'must be an email address like name@example.com'),
);

/** The import's report, whole (src/intake/wave/import-wave.ts is the intake's own). */
const importAnswer = v.looseObject({
  dryRun: v.boolean(),
  total: v.number(),
  accepted: v.number(),
  known: v.number(),
  updated: v.optional(v.number()),
  failed: v.number(),
  skipped: v.number(),
  problems: v.array(v.looseObject({ line: v.number(), column: v.optional(v.string()), message: v.string() })),
  rows: v.array(
    v.looseObject({
      line: v.number(),
      employeeId: v.string(),
      outcome: v.picklist(['accepted', 'known', 'updated', 'would-import', 'failed']),
      error: v.optional(v.string()),
    }),
  ),
  encoding: v.optional(v.string()),
});

/** The preflight's report: one line per check (src/admin/preflight-rules.ts). */
const preflightAnswer = answer<PreflightReport>(
  v.looseObject({
    checkedAt: v.string(),
    hires: v.number(),
    ok: v.boolean(),
    red: v.number(),
    unknown: v.number(),
    lines: v.array(
      v.looseObject({
        check: v.string(),
        status: v.picklist(['ok', 'red', 'unknown']),
        numbers: v.string(),
        todo: v.string(),
      }),
    ),
  }),
);

export const ADMIN_CONTRACT = {
  listHires: {
    method: 'GET',
    path: '/admin/hires',
    summary: 'a page of hires from the stage index, newest change first',
    query: listQuery,
    answer: answer<HireList>(v.looseObject({ hires: v.array(hireSummary), cursor: v.optional(v.string()) })),
  },
  hireStatus: {
    method: 'GET',
    path: '/admin/hires/{employeeId}',
    summary: 'stage, timeline, WorkSpace and its live state, emails, next reminder',
    answer: answer<HireStatus>(
      v.looseObject({
        ...hireSummary.entries,
        version: v.number(),
        timeline: v.array(v.looseObject({ at: v.string(), type: v.string() })),
        emails: v.array(v.looseObject({ ledgerKey: v.string(), status: v.string() })),
        calendar: v.looseObject({ moves: v.array(v.unknown()) }),
      }),
    ),
  },
  reinvite: {
    method: 'POST',
    path: '/admin/hires/{employeeId}/reinvite',
    summary: 'a fresh setup link and invitation now; from FAILED, provisions again',
    body: knownObject({ email: v.optional(email) }),
    answer: answer<Named<ReinviteResult>>(
      v.looseObject({
        ...actionAnswer,
        outcome: v.picklist(['invited', 'recently-invited', 'retrying']),
        stage,
      }),
    ),
  },
  resume: {
    method: 'POST',
    path: '/admin/hires/{employeeId}/resume',
    summary: 'a hire stuck in RECEIVED, QUEUED or PROVISIONING driven on now, as the reconciler would',
    body: knownObject({}),
    answer: answer<Named<RecoveryResult>>(
      v.looseObject({ ...actionAnswer, stage, action: v.string(), execution: v.string() }),
    ),
  },
  cancel: {
    method: 'POST',
    path: '/admin/hires/{employeeId}/cancel',
    summary: 'stops the workflow and reminders and frees the user name; the WorkSpace is kept',
    body: knownObject({ reason: v.optional(text(500)) }),
    answer: answer<Named<CancelResult>>(
      v.looseObject({
        ...actionAnswer,
        stage: v.literal('CANCELLED'),
        fromStage: v.string(),
        executionStopped: v.boolean(),
      }),
    ),
  },
  adopt: {
    method: 'POST',
    path: '/admin/hires/{employeeId}/adopt',
    summary: 'confirms the existing WorkSpace the hire FAILED on as theirs and provisions again with it',
    body: knownObject({}),
    answer: answer<Named<AdoptResult>>(
      v.looseObject({ ...actionAnswer, workspaceId: v.string(), executionName: v.string() }),
    ),
  },
  importWave: {
    method: 'POST',
    path: '/admin/imports',
    summary: 'a migration wave (text/csv), every row validated first, then the webhook path',
    query: importQuery,
    body: 'text/csv',
    answer: answer<v.InferOutput<typeof importAnswer>>(importAnswer),
  },
  preflightWave: {
    method: 'POST',
    path: '/admin/preflight',
    summary:
      'a wave (text/csv) checked against the account first: quotas, SES, directories, bundles, users, conflicts',
    query: preflightWaveQuery,
    body: 'text/csv',
    answer: preflightAnswer,
  },
  preflightHire: {
    method: 'GET',
    path: '/admin/preflight',
    summary: 'the same checks for one hire: its directory, bundle and user name',
    query: preflightHireQuery,
    answer: preflightAnswer,
  },
  report: {
    method: 'GET',
    path: '/admin/report',
    summary: 'the funnel, timings, stuck hires, waves and sources, from the stage index',
    query: reportQuery,
    answer: answer<ReportAnswer>(
      v.looseObject({
        generatedAt: v.string(),
        total: v.number(),
        funnel: v.array(v.object({ stage, count: v.number() })),
        stuck: v.array(v.looseObject({ employeeId: v.string(), stage, command: v.string() })),
        stuckTotal: v.number(),
        locale: v.string(),
        timeZone: v.string(),
      }),
    ),
  },
} as const satisfies Record<string, RouteContract>;

export type AdminContract = typeof ADMIN_CONTRACT;
export type AdminRouteName = keyof AdminContract;

/** The routes in the contract's order. */
export const ADMIN_ROUTES = Object.entries(ADMIN_CONTRACT).map(([name, route]) => ({
  name: name as AdminRouteName,
  ...(route as RouteContract),
}));

/** A request as the edge received it: path parameters, query values, and the body already parsed. */
export interface RawRequest {
  params: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** The JSON body, `{}` when empty; undefined for a route without a JSON body. */
  body?: unknown;
}

const paramValue = v.pipe(v.string('is required'), v.minLength(1, 'is required'));

/**
 * The one check of every admin request: each path parameter, the query and the JSON body against the
 * route's schemas, every problem listed at once (`{field, message}`; `body` for the body as a whole).
 */
export function readRequest<R extends RouteContract>(
  route: R,
  raw: RawRequest,
): { ok: true; input: RouteInput<R> } | { ok: false; errors: FieldError[] } {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const params = readPart(v.object(Object.fromEntries(names.map((n) => [n, paramValue]))), raw.params);
  const query = route.query ? readPart(route.query, raw.query) : { ok: true as const, value: undefined };
  const body =
    route.body && route.body !== 'text/csv'
      ? readPart(route.body, raw.body, 'body')
      : { ok: true as const, value: undefined };
  if (params.ok && query.ok && body.ok) {
    return {
      ok: true,
      input: { params: params.value, query: query.value, body: body.value } as RouteInput<R>,
    };
  }
  return { ok: false, errors: [params, query, body].flatMap((part) => (part.ok ? [] : part.errors)) };
}

/** A route's path with its parameters filled in, each encoded. */
export function routePath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** An answer checked against the route's documented fields: the problems, or undefined when it fits. */
export function answerProblems(route: RouteContract, value: unknown): FieldError[] | undefined {
  const read = readPart(route.answer, value);
  return read.ok ? undefined : read.errors;
}
