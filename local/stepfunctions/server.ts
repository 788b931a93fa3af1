import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Budget } from '../../src/kernel/token-bucket';
import { BodyTooLarge, readBody, sendJson } from '../http';
import { SfnApiError } from './errors';
import type { LocalStepFunctions } from './executions';

/** The AWS JSON 1.0 protocol in front of the service, so `@aws-sdk/client-sfn` and the AWS CLI work as-is. */
export function createStepFunctionsServer(service: LocalStepFunctions): Server {
  return createServer((req, res) => {
    handle(service, req, res).catch((err: unknown) => {
      send(res, 500, { __type: 'InternalFailure', message: (err as Error)?.message ?? String(err) });
    });
  });
}

async function handle(service: LocalStepFunctions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && (req.url === '/health' || req.url?.startsWith('/health?'))) {
    send(res, 200, { status: 'ok' });
    return;
  }
  if (req.url === START_BUCKET_ROUTE) {
    await startBucketRoute(service, req, res);
    return;
  }
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith('AWSStepFunctions.')) {
    send(res, 404, { __type: 'UnknownOperationException', message: 'expected POST / with X-Amz-Target' });
    return;
  }
  const op = target.slice('AWSStepFunctions.'.length);
  let input: Record<string, unknown>;
  try {
    const text = (await readBody(req)).toString('utf8');
    input = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch (err) {
    if (err instanceof BodyTooLarge) send(res, 413, { __type: 'ValidationException', message: err.message });
    else send(res, 400, { __type: 'SerializationException', message: 'request body is not valid JSON' });
    return;
  }
  try {
    send(res, 200, await service.handle(op, input ?? {}));
  } catch (err) {
    if (err instanceof SfnApiError) send(res, err.status, { __type: err.type, message: err.message });
    else throw err;
  }
}

/** The StartExecution bucket: GET shows it, POST `{"budget": {ratePerSecond, burst} | null}` replaces it. */
export const START_BUCKET_ROUTE = '/_local/start-bucket';

async function startBucketRoute(service: LocalStepFunctions, req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'POST') {
    let budget: unknown;
    try {
      budget = (JSON.parse((await readBody(req)).toString('utf8')) as { budget?: unknown }).budget;
    } catch {
      budget = 'invalid';
    }
    if (budget !== null && !isBudget(budget)) {
      sendJson(res, 400, { message: 'expected {"budget": {"ratePerSecond": >0, "burst": >=1} | null}' });
      return;
    }
    service.setStartBudget(budget);
  } else if (req.method !== 'GET') {
    sendJson(res, 405, { message: 'GET or POST' });
    return;
  }
  sendJson(res, 200, service.startBucketState());
}

function isBudget(value: unknown): value is Budget {
  const b = value as Partial<Budget> | null;
  return (
    typeof b?.ratePerSecond === 'number' && b.ratePerSecond > 0 && typeof b.burst === 'number' && b.burst >= 1
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': crypto.randomUUID(),
  });
}
