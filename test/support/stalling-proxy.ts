import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, readBody } from '@workspaces-onboarding/local-cloud/http';

/**
 * A network fault between the functions and one local service, for end-to-end tests: a pass-through
 * HTTP proxy that can stall one chosen request. Point the functions at it with the SDK's
 * AWS_ENDPOINT_URL_<SERVICE> variable (as they reach every service) before their first call.
 *
 * - `answerLate`: the request reaches the service (SES accepts and delivers the email) but its answer is
 *   held until `release()`: the caller sees a service that answers after the Lambda timeout.
 * - `neverArrive`: the request is held and never forwarded (a DynamoDB write stuck on the network): the
 *   service never sees it, the caller waits until the Lambda times out.
 */
export interface Stall {
  /** Resolves when the chosen request has arrived. */
  arrived: Promise<void>;
  /** `answerLate` only: lets the held answer go to the caller. */
  release(): void;
}

export interface StallingProxy {
  url: string;
  stall(
    mode: 'answerLate' | 'neverArrive',
    match: (req: {
      method: string;
      path: string;
      headers: IncomingMessage['headers'];
      body: string;
    }) => boolean,
  ): Stall;
  close(): Promise<void>;
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const base = new URL(target);
  const rules: {
    mode: 'answerLate' | 'neverArrive';
    match: Parameters<StallingProxy['stall']>[1];
    arrive(): void;
    released: Promise<void>;
  }[] = [];

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: base.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const seen = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: body.toString('utf8'),
    };
    const index = rules.findIndex((r) => r.match(seen));
    const rule = index >= 0 ? rules.splice(index, 1)[0] : undefined;
    try {
      if (rule?.mode === 'neverArrive') {
        rule.arrive();
        return; // held until the proxy closes
      }
      const answer = await forward(req, body);
      if (rule) {
        rule.arrive();
        await rule.released;
      }
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      res.end(answer.body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`stalling proxy: ${String(err)}`);
    }
  });
  const url = await listen(server, '127.0.0.1', 0);

  return {
    url,
    stall(mode, match) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      rules.push({ mode, match, arrive, released });
      return { arrived, release };
    },
    close: () => closeServer(server),
  };
}
