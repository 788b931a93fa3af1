import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { adminTokens } from '../../src/adapters/admin-tokens';
import { createWorkflows } from '../../src/adapters/stepfunctions';
import { createWorkspacesApi } from '../../src/adapters/workspaces';
import type { AcceptHireDeps } from '../../src/app/accept-hire';
import { adoptWorkspace } from '../../src/app/admin/adopt';
import { cancelHire } from '../../src/app/admin/cancel';
import type { Actor } from '../../src/app/admin/deps';
import { importWave } from '../../src/app/admin/import-wave';
import { listHires } from '../../src/app/admin/list';
import { reinvite } from '../../src/app/admin/reinvite';
import { resumeHire } from '../../src/app/admin/resume';
import { hireStatus } from '../../src/app/admin/status';
import { requiredEnv } from '../../src/app/env';
import { productionMailer, productionStore } from '../../src/app/production';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
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
import { hireIdFor, isEmailAddress } from '../../src/domain/hire';
import { type HttpResult, header, isJsonContentType, json, problem, rawBody } from '../../src/http/responses';
import { describeError, log } from '../../src/log';
import { parseListQuery } from '../../src/schemas/admin-query';

/**
 * The admin API (`/admin/*`). On AWS every route has the IAM authorizer: API Gateway rejects unsigned
 * requests, and the caller's ARN arrives in `requestContext.authorizer.iam`. Without IAM in front (the local
 * cloud) the same code accepts `Authorization: Bearer <token>` from ADMIN_TOKENS instead. Either way the
 * caller is recorded in the history of every hire it changes.
 */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const MAX_JSON_BYTES = 16 * 1024;
// A small share of the account's WorkSpaces budget: admins must never starve the provisioner.
const ADMIN_WORKSPACES_BUDGET = { ratePerSecond: 1, burst: 2 };

interface Deps extends AcceptHireDeps {
  tokens: () => Promise<AdminToken[]>;
}

type AdminEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { iam?: { userArn?: string | null } } };
};

let productionDeps: Deps | undefined;
function deps(): Deps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return {
      config,
      clock: systemClock,
      store,
      workflows: createWorkflows({ stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
      mailer: productionMailer(config, store),
      workspaces: createWorkspacesApi({ budget: ADMIN_WORKSPACES_BUDGET }),
      publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
      tokens: () => adminTokens(),
    };
  })();
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
        const parsed = parseListQuery(query);
        if (!parsed.ok) return problem(400, 'Bad Request', 'invalid query', { errors: parsed.errors });
        return json(200, await listHires(d, parsed.query));
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
