import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What every emulator's server shares: a bounded request body, JSON answers, a port to listen on. */

export const MAX_BODY_BYTES = 1024 * 1024;

/** A request body over the server's limit; the server answers 413. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
  }
}

/** The whole request body; throws BodyTooLarge past `limitBytes` instead of holding it in memory. */
export async function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyTooLarge(limitBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Answers `body` as JSON with its length; AWS protocols pass their own content type and headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    ...headers,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers a client's or the emulator's problem as `{"message": ...}`, the shape API Gateway uses. */
export function sendProblem(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { message });
}

/** Listens and returns the base URL; port 0 picks a free port (tests run beside `npm start`). */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const refused = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use: stop the other process or set another port`, {
              cause: err,
            })
          : err,
      );
    };
    server.once('error', refused);
    server.listen(port, host, () => {
      server.off('error', refused);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

/**
 * Stops the server now: SDK clients keep connections alive, and close() alone waits for their idle timeout.
 * A server already stopped counts as stopped.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
