import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../local/cloud';
import { postSignedWebhook, sampleHire } from '../../local/webhook-client';

/**
 * A whole local cloud per test file (its own ports, clock and data), talked to only through its public
 * HTTP surfaces, as a user would.
 */
export interface TestCloud extends LocalCloud {
  postHire(
    data?: Record<string, unknown>,
    opts?: { webhookId?: string; secret?: string },
  ): ReturnType<typeof postSignedWebhook>;
  advance(duration: string | number): Promise<void>;
  runSchedule(functionKey: string): Promise<void>;
  inbox(): Promise<InboxEmail[]>;
  sim<T = any>(path: string, body?: unknown, method?: string): Promise<T>;
}

export interface InboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  const cloud = await startLocalCloud({
    ports: { http: 0, dynamodb: 0, ses: 0, workspaces: 0, stepfunctions: 0 },
    log: () => undefined,
    logLevel: 'error',
    ...options,
  });
  const http = async (url: string, body?: unknown, method?: string) => {
    const res = await fetch(url, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method ?? 'POST'} ${url} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    ...cloud,
    postHire: (data = {}, opts = {}) =>
      postSignedWebhook({
        baseUrl: cloud.urls.http,
        secret: opts.secret ?? cloud.webhookSecret,
        body: sampleHire(data),
        ...(opts.webhookId ? { webhookId: opts.webhookId } : {}),
      }),
    advance: async (duration) => {
      await http(`${cloud.urls.http}/_local/clock`, { advance: duration });
    },
    runSchedule: async (functionKey) => {
      await http(`${cloud.urls.http}/_local/schedules/${functionKey}/run`, {});
    },
    inbox: async () => ((await http(`${cloud.urls.ses}/store`)) as { emails: InboxEmail[] }).emails,
    sim: (path, body, method) => http(`${cloud.urls.workspaces}${path}`, body, method),
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails with what it saw last. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
      last = value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
  throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}; last: ${String(last)}`);
}
