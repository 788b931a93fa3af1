import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and returns the base URL; port 0 picks a free port (tests run beside `npm start`). */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use: stop the other process or set another port`, {
              cause: err,
            })
          : err,
      );
    });
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${host}:${address.port}`);
    });
  });
}
