import { randomUUID } from 'node:crypto';
import { signWebhook } from '../src/intake/webhooks/standard-webhooks';

/**
 * Posts a signed employee.hired webhook the way an HR system does (Standard Webhooks). Used by
 * `npm run hire`, the demo, the tests and the bench. The timestamp comes from the local clock, since the
 * receiver checks it against that clock.
 */
export interface SignedPost {
  status: number;
  body: any;
  webhookId: string;
  /** The `Retry-After` of a 503: when to send the same delivery again, in seconds. */
  retryAfter?: string;
}

export async function postSignedWebhook(opts: {
  baseUrl: string;
  secret: string;
  body: unknown;
  webhookId?: string;
  timestampSeconds?: number;
  rawBody?: string;
}): Promise<SignedPost> {
  const rawBody = opts.rawBody ?? JSON.stringify(opts.body);
  const webhookId = opts.webhookId ?? `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = opts.timestampSeconds ?? (await localClockSeconds(opts.baseUrl));
  const res = await fetch(`${opts.baseUrl}/webhooks/hr`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook({ id: webhookId, timestamp, rawBody, secret: opts.secret }),
    },
    body: rawBody,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  const retryAfter = res.headers.get('retry-after');
  return { status: res.status, body, webhookId, ...(retryAfter ? { retryAfter } : {}) };
}

export async function localClockSeconds(baseUrl: string): Promise<number> {
  const res = await fetch(`${baseUrl}/_local/clock`).catch(() => undefined);
  if (!res?.ok) return Math.floor(Date.now() / 1000);
  const { now } = (await res.json()) as { now: string };
  return Math.floor(Date.parse(now) / 1000);
}

export function sampleHire(overrides: Record<string, unknown> = {}): {
  type: string;
  data: Record<string, unknown>;
} {
  return {
    type: 'employee.hired',
    data: {
      employeeId: 'E-10023',
      givenName: '花子',
      familyName: '山田',
      email: 'hanako.yamada@example.co.jp',
      userName: 'hyamada',
      locale: 'ja-JP',
      timeZone: 'Asia/Tokyo',
      startDate: '2027-04-01',
      department: 'Sales',
      jobTitle: 'Account Executive',
      managerEmail: 'manager@example.co.jp',
      ...overrides,
    },
  };
}
