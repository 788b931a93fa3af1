import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': crypto.randomUUID(),
  });
}
