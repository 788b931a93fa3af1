import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../http';
import { TARGET_PREFIX as SERVICE_QUOTAS_TARGET, type ServiceQuotasEmulator } from '../service-quotas';
import { handleControl } from './control-routes';
import { ControlError, WorkspacesSimulator, type WorkspacesSimulatorOptions } from './simulator';

const AMZ_JSON = 'application/x-amz-json-1.1';

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType: string,
  requestId?: string,
): void {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  const type = (body as { __type?: unknown } | null)?.__type;
  // The SDK and botocore also read the error name from this header.
  if (status >= 400 && typeof type === 'string') headers['x-amzn-errortype'] = type;
  sendJson(res, status, body, headers);
}

/**
 * The Region a request was signed for: the credential scope of its SigV4 Authorization header
 * (`Credential=<key>/<date>/<region>/<service>/aws4_request`), as AWS routes it.
 */
export function signingRegion(authorization: string | undefined): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[a-z0-9-]+\/aws4_request/.exec(authorization ?? '')?.[1];
}

async function handle(
  sim: WorkspacesSimulator,
  req: IncomingMessage,
  res: ServerResponse,
  quotas: ServiceQuotasEmulator | undefined,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  let raw: string;
  try {
    raw = (await readBody(req)).toString('utf8');
  } catch (err) {
    if (err instanceof BodyTooLarge) send(res, 413, { error: 'request body too large' }, 'application/json');
    else throw err;
    return;
  }

  if (path === '/_sim' || path.startsWith('/_sim/')) {
    try {
      const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ControlError(400, 'body must be a JSON object');
      }
      const region = url.searchParams.get('region') ?? undefined;
      const out =
        quotas && path === '/_sim/quotas'
          ? quotas.control(method, parsed as Record<string, unknown>)
          : handleControl(sim, method, path, parsed as Record<string, unknown>, region);
      await sim.saveChanges();
      send(res, out.status, out.body, 'application/json');
    } catch (err) {
      if (err instanceof SyntaxError) send(res, 400, { error: 'body is not valid JSON' }, 'application/json');
      else if (err instanceof ControlError) send(res, err.status, { error: err.message }, 'application/json');
      else {
        console.error('[workspaces-sim] control route failed', err);
        send(res, 500, { error: 'internal error' }, 'application/json');
      }
    }
    return;
  }

  const requestId = randomUUID();
  // Directory Service Data speaks REST-JSON: POST /Users/<operation>?DirectoryId=...
  if (method === 'POST' && path.startsWith('/Users/')) {
    if (!req.headers.authorization) {
      send(
        res,
        403,
        { __type: 'MissingAuthenticationTokenException', Message: 'Missing Authentication Token' },
        'application/json',
        requestId,
      );
      return;
    }
    const out = sim.dispatchData(
      path.slice('/Users/'.length),
      url.searchParams.get('DirectoryId'),
      raw,
      signingRegion(req.headers.authorization),
    );
    await sim.saveChanges();
    send(res, out.status, out.body, 'application/json', requestId);
    return;
  }
  const target = req.headers['x-amz-target'];
  if (method !== 'POST' || path !== '/' || typeof target !== 'string') {
    send(
      res,
      404,
      { __type: 'UnknownOperationException', message: 'Expected POST / with X-Amz-Target' },
      AMZ_JSON,
      requestId,
    );
    return;
  }
  // Signatures are not verified, but like AWS an unsigned request is refused.
  if (!req.headers.authorization) {
    send(
      res,
      400,
      { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
      AMZ_JSON,
      requestId,
    );
    return;
  }
  if (quotas && target.startsWith(SERVICE_QUOTAS_TARGET)) {
    const answer = quotas.dispatch(target, raw, signingRegion(req.headers.authorization) ?? sim.region);
    send(res, answer.status, answer.body, AMZ_JSON, requestId);
    return;
  }
  const out = sim.dispatch(target, raw, requestId, signingRegion(req.headers.authorization));
  await sim.saveChanges();
  send(res, out.status, out.body, AMZ_JSON, requestId);
}

export async function startWorkspacesSimulator(
  opts: WorkspacesSimulatorOptions & {
    host?: string;
    port?: number;
    /** Served here too, by its target prefix and `/_sim/quotas` (local/service-quotas.ts). */
    serviceQuotas?: ServiceQuotasEmulator;
  },
): Promise<{ url: string; close(): Promise<void>; simulator: WorkspacesSimulator }> {
  const simulator = new WorkspacesSimulator(opts);
  const server = createServer((req, res) => {
    handle(simulator, req, res, opts.serviceQuotas).catch((err) => {
      console.error('[workspaces-sim] request failed', err);
      if (!res.headersSent)
        send(res, 500, { __type: 'InternalServerException', message: 'internal error' }, AMZ_JSON);
    });
  });
  const url = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 8010);
  let closing: Promise<void> | undefined;
  return {
    url,
    simulator,
    close() {
      closing ??= closeServer(server).then(() => simulator.flush());
      return closing;
    },
  };
}
