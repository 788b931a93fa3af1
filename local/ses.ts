import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import { listen } from './net';
import type { SentEmail } from './ses-events';

/**
 * aws-ses-v2-local: accepts SES v2 SendEmail and shows every sent email on its web page (the local inbox).
 * Its store lives in this process's memory. It publishes no events, so with `onSent` a small proxy in front
 * of it reports every accepted email (recipients, tags, configuration set), from which the local cloud
 * makes the SES events of the mailbox simulator addresses.
 */
export async function startSes(opts: {
  host: string;
  port: number;
  onSent?: (email: SentEmail) => void;
}): Promise<{ url: string; close(): Promise<void> }> {
  // The package is CommonJS with `exports.default`; ESM sees it under one more `.default`.
  const start = ((sesModule as any).default ?? sesModule) as (c: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await start({ host: opts.host, port: opts.onSent ? 0 : opts.port });
  const address = server.address() as AddressInfo;
  const closeServer = (s: Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections?.();
      s.close(() => resolve());
    });
  const innerUrl = `http://${opts.host}:${address.port}`;
  if (!opts.onSent) return { url: innerUrl, close: () => closeServer(server) };

  const onSent = opts.onSent;
  const proxy = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || ['host', 'connection', 'content-length'].includes(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const method = req.method ?? 'GET';
      const answer = await fetch(innerUrl + (req.url ?? '/'), {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name))
          out[name] = value;
      });
      res.writeHead(answer.status, { ...out, 'content-length': String(payload.length) });
      res.end(payload);
      const path = (req.url ?? '').split('?')[0];
      if (method === 'POST' && path === '/v2/email/outbound-emails' && answer.ok) {
        report(onSent, body, payload);
      }
    } catch (err) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `local SES proxy: ${String(err)}` }));
    }
  });
  const url = await listen(proxy, opts.host, opts.port);
  return {
    url,
    close: async () => {
      await closeServer(proxy);
      await closeServer(server);
    },
  };
}

function report(onSent: (email: SentEmail) => void, request: Buffer, response: Buffer): void {
  try {
    const input = JSON.parse(request.toString('utf8')) as Record<string, any>;
    const { MessageId } = JSON.parse(response.toString('utf8')) as { MessageId?: string };
    if (!MessageId) return;
    onSent({
      messageId: MessageId,
      from: String(input.FromEmailAddress ?? ''),
      to: input.Destination?.ToAddresses ?? [],
      cc: input.Destination?.CcAddresses ?? [],
      bcc: input.Destination?.BccAddresses ?? [],
      ...(input.ConfigurationSetName ? { configurationSet: String(input.ConfigurationSetName) } : {}),
      ...(typeof input.Content?.Simple?.Subject?.Data === 'string'
        ? { subject: input.Content.Simple.Subject.Data }
        : {}),
      tags: Object.fromEntries(
        ((input.EmailTags ?? []) as { Name: string; Value: string }[]).map((t) => [t.Name, t.Value]),
      ),
    });
  } catch (err) {
    console.error('[local ses] could not read a sent email', err);
  }
}
