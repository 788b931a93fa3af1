import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import { type Email, getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';
import { type DurableLog, openLog, readLog } from './durable-log';
import { closeServer, listen, readBody, sendJson } from './http';
import { createSesAccount, type SesAccount, type SesAccountSettings } from './ses-account';
import type { SentEmail } from './ses-events';
import { createSendLimiter, type SendLimiter } from './ses-limits';

/**
 * aws-ses-v2-local: accepts SES v2 SendEmail and shows every sent email on its web page (the local inbox).
 * Its store lives in this process's memory. A small proxy in front of it:
 * - refuses what SES refuses for the account (ses-limits.ts: the sandbox's recipients, the sending rate,
 *   the 24-hour quota) before the email reaches the package;
 * - reports every accepted email (recipients, tags, configuration set) to `onSent`, from which the local
 *   cloud makes the SES events of the mailbox simulator addresses (the package publishes none);
 * - adds the email's tags (`hireId`, `kind`, ...) to the inbox entry (`GET /store`), which the package drops;
 * - with `persistFile` (`npm start -- --data`), writes each accepted email to that file before SES's answer
 *   goes back, and loads them on start: on AWS an email SES accepted is sent, so a restart must not lose it.
 *   Its events are owed too: an email whose events were not delivered when the process died is returned by
 *   `undelivered()` for the local cloud to publish again (EventBridge delivers at least once).
 */
/** SES v2 accepts messages up to 40 MB. */
const SES_MAX_REQUEST_BYTES = 40 * 1024 * 1024;

export type InboxEmail = Email & { tags?: Record<string, string> };

/** A line of the persisted file: an accepted email, or the note that its events were delivered. */
type Persisted = { email: InboxEmail; sent: SentEmail } | { delivered: string };

export async function startSes(opts: {
  host: string;
  port: number;
  onSent?: (email: SentEmail) => void;
  persistFile?: string;
  /** The account's limits and verified identities (GetAccount, GetEmailIdentity); the local defaults without. */
  account?: Partial<SesAccountSettings>;
}): Promise<{
  url: string;
  account: SesAccount;
  limiter: SendLimiter;
  close(): Promise<void>;
  /** Emails accepted before a restart whose events were never delivered. */
  undelivered(): SentEmail[];
  /** Notes that the events of this email were delivered. */
  delivered(messageId: string): void;
}> {
  // The package is CommonJS with `exports.default`; ESM sees it under one more `.default`.
  const start = ((sesModule as any).default ?? sesModule) as (c: {
    host: string;
    port: number;
  }) => Promise<Server>;
  let log: DurableLog<Persisted> | undefined;
  let owed: SentEmail[] = [];
  if (opts.persistFile) {
    const lines = readLog<Persisted>(opts.persistFile);
    const delivered = new Set(lines.flatMap((l) => ('delivered' in l ? [l.delivered] : [])));
    const accepted = lines.flatMap((l) => ('email' in l ? [l] : []));
    owed = accepted.filter((l) => !delivered.has(l.sent.messageId)).map((l) => l.sent);
    // One store per process: a cloud started again from its data folder sees exactly what it had sent.
    const store = getStoreReadonly();
    store.emails.splice(0, store.emails.length, ...accepted.map((l) => l.email));
    log = openLog<Persisted>(opts.persistFile, {
      onError: (err) => console.error('[local ses] could not keep an email', err),
    });
    // One line per email from here on (the delivery notes of the past are done with).
    await log.compact(() => [
      ...accepted.map((l) => ({ email: l.email, sent: l.sent })),
      ...accepted.flatMap((l) => (delivered.has(l.sent.messageId) ? [{ delivered: l.sent.messageId }] : [])),
    ]);
  }
  const account = createSesAccount(opts.account);
  const limiter = createSendLimiter(account);
  // Emails kept from before a restart count toward the 24 hours as they did (`at` is in seconds).
  for (const email of opts.persistFile ? getStoreReadonly().emails : []) account.noteSent(email.at * 1000);
  const server = await start({ host: opts.host, port: 0 });
  const address = server.address() as AddressInfo;
  const innerUrl = `http://${opts.host}:${address.port}`;

  const proxy = createServer(async (req, res) => {
    try {
      const body = await readBody(req, SES_MAX_REQUEST_BYTES);
      if (answerAccountCall(account, req.method ?? 'GET', req.url ?? '/', body, res)) return;
      if (answerSendsCall(limiter, req.method ?? 'GET', req.url ?? '/', res)) return;
      if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/v2/email/outbound-emails') {
        const refusal = limiter.admit(recipientsOf(body));
        if (refusal) {
          res.setHeader('x-amzn-ErrorType', refusal.type);
          sendJson(res, refusal.status, { message: refusal.message });
          return;
        }
      }
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
      const path = (req.url ?? '').split('?')[0];
      const sent =
        method === 'POST' && path === '/v2/email/outbound-emails' && answer.ok
          ? readSent(body, payload)
          : undefined;
      if (sent) {
        const stored = getStoreReadonly().emails.find((e) => e.messageId === sent.messageId) as
          | InboxEmail
          | undefined;
        if (stored) {
          stored.tags = sent.tags;
          await log?.append({ email: stored, sent });
        }
      }
      if (method === 'POST' && path === '/clear-store' && answer.ok) await log?.compact(() => []);
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name))
          out[name] = value;
      });
      res.writeHead(answer.status, { ...out, 'content-length': String(payload.length) });
      res.end(payload);
      if (sent) opts.onSent?.(sent);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 502, { message: `local SES proxy: ${String(err)}` });
      else res.end();
    }
  });
  const url = await listen(proxy, opts.host, opts.port);
  let closed = false;
  return {
    url,
    account,
    limiter,
    close: async () => {
      closed = true;
      await closeServer(proxy);
      await closeServer(server);
      await log?.close();
    },
    undelivered: () => {
      const list = owed;
      owed = [];
      return list;
    },
    delivered: (messageId) => {
      // After close the note is lost: the events are owed again on the next start (at least once).
      if (!closed) void log?.append({ delivered: messageId }).catch(() => undefined);
    },
  };
}

/** Every recipient of a SendEmail request (To, Cc and Bcc); none when the body is not JSON. */
function recipientsOf(body: Buffer): string[] {
  try {
    const d =
      (JSON.parse(body.toString('utf8')) as { Destination?: Record<string, unknown> }).Destination ?? {};
    return ['ToAddresses', 'CcAddresses', 'BccAddresses'].flatMap((k) =>
      Array.isArray(d[k]) ? (d[k] as unknown[]).map(String) : [],
    );
  } catch {
    return [];
  }
}

/** `GET <ses>/_sim/sends`: accepted recipients and refusals per second; `DELETE` starts them again. */
function answerSendsCall(
  limiter: SendLimiter,
  method: string,
  url: string,
  res: import('node:http').ServerResponse,
): boolean {
  if ((url.split('?')[0] ?? '') !== '/_sim/sends') return false;
  if (method === 'DELETE') limiter.clear();
  sendJson(res, 200, limiter.report());
  return true;
}

function readSent(request: Buffer, response: Buffer): SentEmail | undefined {
  try {
    const input = JSON.parse(request.toString('utf8')) as Record<string, any>;
    const { MessageId } = JSON.parse(response.toString('utf8')) as { MessageId?: string };
    if (!MessageId) return undefined;
    return {
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
    };
  } catch (err) {
    console.error('[local ses] could not read a sent email', err);
    return undefined;
  }
}

/**
 * The account calls aws-ses-v2-local does not answer: GetAccount, GetEmailIdentity, and the local
 * `/_sim/account` control route. True when this request was one of them (and is answered).
 */
function answerAccountCall(
  account: SesAccount,
  method: string,
  url: string,
  body: Buffer,
  res: import('node:http').ServerResponse,
): boolean {
  const path = url.split('?')[0] ?? '';
  if (method === 'GET' && path === '/v2/email/account') {
    sendJson(res, 200, account.getAccount());
    return true;
  }
  const identity = /^\/v2\/email\/identities\/([^/]+)$/.exec(path)?.[1];
  if (method === 'GET' && identity !== undefined) {
    const name = decodeURIComponent(identity);
    const found = account.getEmailIdentity(name);
    if (found) sendJson(res, 200, found);
    else {
      res.setHeader('x-amzn-ErrorType', 'NotFoundException');
      sendJson(res, 404, { message: `Email identity ${name} does not exist.` });
    }
    return true;
  }
  if (path === '/_sim/account' && method === 'GET') {
    sendJson(res, 200, { ...account.settings(), sentLast24Hours: account.sentLast24Hours() });
    return true;
  }
  if (path === '/_sim/account' && method === 'POST') {
    let change: unknown;
    try {
      change = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      change = undefined;
    }
    const problems = account.update(change);
    if (problems.length > 0) sendJson(res, 400, { message: 'invalid account settings', problems });
    else sendJson(res, 200, { ...account.settings(), sentLast24Hours: account.sentLast24Hours() });
    return true;
  }
  return false;
}
