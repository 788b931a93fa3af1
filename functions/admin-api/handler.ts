import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AcceptHireDeps } from '../../src/app/accept-hire';
import { adoptWorkspace } from '../../src/app/admin/adopt';
import { cancelHire } from '../../src/app/admin/cancel';
import type { Actor } from '../../src/app/admin/deps';
import { importWave } from '../../src/app/admin/import-wave';
import { listHires } from '../../src/app/admin/list';
import { reinvite } from '../../src/app/admin/reinvite';
import { resumeHire } from '../../src/app/admin/resume';
import { hireStatus } from '../../src/app/admin/status';
import { adminApiDeps } from '../../src/app/production';
import { type AdminToken, matchBearer } from '../../src/domain/admin-tokens';
import {
  ActionNotAllowedError,
  DirectoryNotFoundError,
  HireNotFoundError,
  InvalidCursorError,
  StageConflictError,
  TransientError,
  VersionConflictError,
  WaveInvalidError,
} from '../../src/domain/errors';
import { type FieldError, hireIdFor, isEmailAddress } from '../../src/domain/hire';
import { isStage } from '../../src/domain/stages';
import { type HttpResult, header, isJsonContentType, json, problem, rawBody } from '../../src/http/responses';
import { describeError, log } from '../../src/log';

/**
 * The admin API (`/admin/*`). On AWS every route has the IAM authorizer: API Gateway rejects unsigned
 * requests, and the caller's ARN arrives in `requestContext.authorizer.iam`. Without IAM in front (the local
 * cloud) the same code accepts `Authorization: Bearer <token>` from ADMIN_TOKENS instead. Either way the
 * caller is recorded in the history of every hire it changes.
 */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const MAX_JSON_BYTES = 16 * 1024;

interface Deps extends AcceptHireDeps {
  tokens: () => Promise<AdminToken[]>;
}

type AdminEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { iam?: { userArn?: string | null } } };
};

let productionDeps: Deps | undefined;
function deps(): Deps {
  productionDeps ??= adminApiDeps();
  return productionDeps;
}

/** The IAM principal API Gateway verified, else the name of a matching bearer token, else nobody. */
export async function identify(
  event: AdminEvent,
  tokens: () => Promise<AdminToken[]>,
): Promise<Actor | undefined> {
  const arn = event.requestContext?.authorizer?.iam?.userArn;
  if (arn) return arn;
  const authorization = header(event, 'authorization');
  if (!authorization) return undefined;
  const token = matchBearer(authorization, await tokens());
  return token ? `token:${token.name}` : undefined;
}

export async function handleAdmin(event: AdminEvent, d: Deps): Promise<HttpResult> {
  const by = await identify(event, d.tokens);
  if (!by) {
    log.warn('admin request rejected', { route: event.routeKey, reason: 'no identity' });
    return problem(
      401,
      'Unauthorized',
      'sign the request (IAM, SigV4) or send Authorization: Bearer <admin token>',
    );
  }
  const employeeId = event.pathParameters?.employeeId;
  const hireId = employeeId ? hireIdFor(d.config.hrSource, employeeId) : '';
  const query = event.queryStringParameters ?? {};
  try {
    switch (event.routeKey) {
      case 'GET /admin/hires': {
        const errors: FieldError[] = [];
        const stage = query.stage?.toUpperCase();
        if (stage !== undefined && !isStage(stage)) errors.push({ field: 'stage', message: 'unknown stage' });
        const limit = query.limit === undefined ? 25 : Number(query.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          errors.push({ field: 'limit', message: 'must be a whole number from 1 to 100' });
        }
        const since = query.since === undefined ? undefined : isoTime(query.since);
        if (since === null)
          errors.push({ field: 'since', message: 'must be a date or time, e.g. 2025-04-01' });
        const olderThanMs = query.olderThan === undefined ? undefined : durationMs(query.olderThan);
        if (Number.isNaN(olderThanMs))
          errors.push({ field: 'olderThan', message: 'must be a duration like 7d or 12h' });
        if (errors.length) return problem(400, 'Bad Request', 'invalid query', { errors });
        const page = await listHires(d, {
          limit,
          ...(stage && isStage(stage) ? { stage } : {}),
          ...(since ? { since } : {}),
          ...(olderThanMs !== undefined ? { olderThanMs } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return json(200, page);
      }
      case 'GET /admin/hires/{employeeId}':
        return json(200, await hireStatus(d, hireId));
      case 'POST /admin/hires/{employeeId}/reinvite': {
        const body = readJson(event);
        if ('problem' in body) return body.problem;
        const email = body.value.email;
        if (email !== undefined && (typeof email !== 'string' || !isEmailAddress(email.trim()))) {
          return problem(400, 'Bad Request', 'invalid email', {
            errors: [{ field: 'email', message: 'must be an email address like name@example.com' }],
          });
        }
        const result = await reinvite(d, { hireId, email: email?.trim(), by });
        log.info('admin reinvite', { hireId, outcome: result.outcome });
        return json(200, { employeeId, ...result });
      }
      case 'POST /admin/hires/{employeeId}/resume': {
        const result = await resumeHire(d, { hireId, by });
        log.info('admin resume', { hireId, action: result.action });
        return json(200, { employeeId, ...result });
      }
      case 'POST /admin/hires/{employeeId}/cancel': {
        const body = readJson(event);
        if ('problem' in body) return body.problem;
        const reason = typeof body.value.reason === 'string' ? body.value.reason.slice(0, 500) : undefined;
        const result = await cancelHire(d, { hireId, reason, by });
        log.info('admin cancel', { hireId });
        return json(200, { employeeId, ...result });
      }
      case 'POST /admin/hires/{employeeId}/adopt': {
        const body = readJson(event);
        if ('problem' in body) return body.problem;
        const result = await adoptWorkspace(d, { hireId, by });
        log.info('admin adopt', { hireId, workspaceId: result.workspaceId });
        return json(200, { employeeId, ...result });
      }
      case 'POST /admin/imports': {
        const type = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
        if (type !== 'text/csv')
          return problem(415, 'Unsupported Media Type', 'send the wave as Content-Type: text/csv');
        const csv = rawBody(event);
        if (csv.length > MAX_IMPORT_BYTES) {
          return problem(
            413,
            'Payload Too Large',
            `at most ${MAX_IMPORT_BYTES} bytes per request: split the file`,
          );
        }
        const lineOffset = query.lineOffset === undefined ? 0 : Number(query.lineOffset);
        if (!Number.isInteger(lineOffset) || lineOffset < 0) {
          return problem(400, 'Bad Request', 'invalid query', {
            errors: [{ field: 'lineOffset', message: 'must be a whole number ≥ 0' }],
          });
        }
        const report = await importWave(d, {
          csv: csv.toString('utf8'),
          dryRun: flag(query.dryRun),
          skipInvalid: flag(query.skipInvalid),
          lineOffset,
          by,
        });
        log.info('admin import', {
          total: report.total,
          accepted: report.accepted,
          known: report.known,
          failed: report.failed,
          dryRun: report.dryRun,
        });
        return json(200, report);
      }
      default:
        return problem(404, 'Not Found', `no admin route ${event.routeKey}`);
    }
  } catch (err) {
    return errorResult(err, employeeId);
  }
}

/** Domain errors become HTTP here and only here. */
function errorResult(err: unknown, employeeId: string | undefined): HttpResult {
  if (err instanceof HireNotFoundError) {
    return problem(404, 'Not Found', `no hire with employee id ${employeeId ?? err.hireId}`);
  }
  if (err instanceof ActionNotAllowedError) {
    return problem(409, 'Conflict', err.message, { stage: err.stage, action: err.action });
  }
  if (err instanceof VersionConflictError) {
    return problem(
      409,
      'Conflict',
      `${err.message}: another admin or step changed it; look again before retrying`,
    );
  }
  if (err instanceof StageConflictError) {
    return problem(409, 'Conflict', err.message, { stage: err.actual });
  }
  if (err instanceof WaveInvalidError) {
    const errors = err.problems.map((p) => ({
      field: p.column ? `line ${p.line}, column ${p.column}` : `line ${p.line}`,
      message: p.message,
      line: p.line,
      ...(p.column ? { column: p.column } : {}),
    }));
    return problem(400, 'Bad Request', err.message, { errors, total: err.total });
  }
  if (err instanceof InvalidCursorError) {
    return problem(400, 'Bad Request', err.message, { errors: [{ field: 'cursor', message: err.message }] });
  }
  if (err instanceof TransientError)
    return problem(503, 'Service Unavailable', 'another attempt is sending this email; try again shortly');
  if (err instanceof DirectoryNotFoundError) return problem(500, 'Internal Server Error', err.message);
  throw err;
}

function readJson(
  event: APIGatewayProxyEventV2,
): { value: Record<string, unknown> } | { problem: HttpResult } {
  const body = rawBody(event);
  if (body.length === 0) return { value: {} };
  if (body.length > MAX_JSON_BYTES)
    return { problem: problem(413, 'Payload Too Large', 'the body is too large') };
  if (!isJsonContentType(header(event, 'content-type'))) {
    return { problem: problem(415, 'Unsupported Media Type', 'send Content-Type: application/json') };
  }
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { value: value as Record<string, unknown> };
  } catch {
    // Reported below.
  }
  return {
    problem: problem(400, 'Bad Request', 'the body must be a JSON object', {
      errors: [{ field: 'body', message: 'must be a JSON object' }],
    }),
  };
}

function flag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|)$/i.test(value);
}

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

export async function handler(event: AdminEvent): Promise<HttpResult> {
  try {
    return await handleAdmin(event, deps());
  } catch (err) {
    log.error('admin request failed', { route: event.routeKey, error: describeError(err) });
    return problem(
      500,
      'Internal Server Error',
      'the request failed; see the logs of the admin-api function',
    );
  }
}
