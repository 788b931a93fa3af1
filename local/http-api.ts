import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BodyTooLarge, closeServer, listen, readBody, sendProblem } from './http';
import type { LocalLambdas } from './lambdas';

/**
 * The `httpApi` routes of serverless.yml on a local port, with API Gateway HTTP API (payload 2.0) events
 * and response mapping. Requests that match no route go to `fallback` (the local control routes).
 */
export interface RouteMatch {
  functionKey: string;
  routeKey: string;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  functionKey: string;
  method: string;
  path: string;
  regex: RegExp;
  names: string[];
}

// API Gateway's own payload limit; handlers enforce their own, smaller limits.
const MAX_BODY_BYTES = 10 * 1024 * 1024;
// HTTP APIs wait at most 30 seconds for an integration (the quota; osls sets TimeoutInMillis 30000).
export const INTEGRATION_TIMEOUT_MS = 30_000;

/** A path whose percent-encoding does not decode (`%E0%A4%A`, `%ZZ`, bytes that are not UTF-8). */
export class MalformedPathError extends Error {
  override name = 'MalformedPath';
}

function decodePathParameter(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new MalformedPathError(`malformed percent-encoding in the path: ${JSON.stringify(raw)}`);
  }
}

export function compileRoutes(
  lambdas: LocalLambdas,
): (method: string, path: string) => RouteMatch | undefined {
  const routes: CompiledRoute[] = lambdas.specs.flatMap((spec) =>
    spec.httpApi.map((route) => {
      const names: string[] = [];
      const pattern = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{([^}+]+)(\+?)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      return {
        functionKey: spec.key,
        method: route.method,
        path: route.path,
        regex: new RegExp(`^${pattern}$`),
        names,
      };
    }),
  );
  // API Gateway's precedence: an exact route first, then one with path variables, a greedy one last
  // (README "The local cloud"); so /webhooks/hr is not taken by /webhooks/{source}.
  const rank = (route: CompiledRoute) => (route.path.includes('+}') ? 2 : route.names.length > 0 ? 1 : 0);
  routes.sort((a, b) => rank(a) - rank(b));
  return (method, path) => {
    for (const route of routes) {
      if (route.method !== 'ANY' && route.method !== method) continue;
      const match = route.regex.exec(path);
      if (!match) continue;
      const pathParameters = Object.fromEntries(
        route.names.map((n, i) => [n, decodePathParameter(match[i + 1]!)]),
      );
      return { functionKey: route.functionKey, routeKey: `${route.method} ${route.path}`, pathParameters };
    }
    return undefined;
  };
}

export async function startHttpApi(opts: {
  lambdas: LocalLambdas;
  host: string;
  port: number;
  accountId: string;
  fallback: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>;
  /** How long the API waits for a function before answering 504 (tests shorten it). */
  integrationTimeoutMs?: number;
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const match = compileRoutes(opts.lambdas);
  const integrationTimeoutMs = opts.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req, MAX_BODY_BYTES).catch((err: unknown) => {
        if (err instanceof BodyTooLarge) return undefined;
        throw err;
      });
      if (body === undefined) {
        sendProblem(res, 413, 'Request Entity Too Large');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      let route: RouteMatch | undefined;
      try {
        route = match(req.method ?? 'GET', url.pathname);
      } catch (err) {
        // A client error, answered before any function runs (README "How it differs from AWS").
        if (!(err instanceof MalformedPathError)) throw err;
        sendProblem(res, 400, 'Bad Request');
        return;
      }
      if (!route) {
        if (await opts.fallback(req, res, body)) return;
        sendProblem(res, 404, 'Not Found');
        return;
      }
      const event = toEvent(req, url, body, route, opts.accountId);
      const result = await withIntegrationTimeout(
        opts.lambdas.invoke(route.functionKey, event),
        integrationTimeoutMs,
      );
      if (result === INTEGRATION_TIMED_OUT) {
        // The function may run on until its own timeout; the caller is answered now.
        sendProblem(res, 504, 'Gateway Timeout');
        return;
      }
      sendResult(res, result);
    } catch (err) {
      // API Gateway answers 500 without detail when the function fails, a timed-out function
      // (Sandbox.Timedout) included; the log has the cause.
      console.error(
        JSON.stringify({ level: 'error', msg: 'local http api: integration failed', error: String(err) }),
      );
      if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error');
      else res.end();
    }
  });
  const url = await listen(server, opts.host, opts.port);
  return {
    url,
    server,
    close: () => closeServer(server),
  };
}

const INTEGRATION_TIMED_OUT = Symbol('integration timed out');

async function withIntegrationTimeout<T>(
  invocation: Promise<T>,
  ms: number,
): Promise<T | typeof INTEGRATION_TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<typeof INTEGRATION_TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(INTEGRATION_TIMED_OUT), ms);
  });
  // A failure after the answer went out is the function's own (its error count and log).
  invocation.catch(() => undefined);
  try {
    return await Promise.race([invocation, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|x-www-form-urlencoded|xml|javascript))/i;

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: RouteMatch,
  accountId: string,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: !isText,
  };
  if (req.headers.cookie) event.cookies = req.headers.cookie.split(/;\s*/);
  if (Object.keys(query).length) event.queryStringParameters = query;
  if (Object.keys(route.pathParameters).length) event.pathParameters = route.pathParameters;
  if (body.length) event.body = isText ? body.toString('utf8') : body.toString('base64');
  return event;
}

/** Payload 2.0 response rules: a structured result is used as is; anything else becomes a 200 JSON body. */
function sendResult(res: ServerResponse, result: unknown): void {
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(result ?? null),
        };
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(structured.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body =
    structured.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(body);
}
