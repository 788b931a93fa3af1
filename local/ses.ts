import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

/**
 * aws-ses-v2-local: accepts SES v2 SendEmail and shows every sent email on its web page (the local inbox).
 * Its store lives in this process's memory.
 */
export async function startSes(opts: {
  host: string;
  port: number;
}): Promise<{ url: string; close(): Promise<void> }> {
  // The package is CommonJS with `exports.default`; ESM sees it under one more `.default`.
  const start = ((sesModule as any).default ?? sesModule) as (c: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await start({ host: opts.host, port: opts.port });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
