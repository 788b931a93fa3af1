import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MappedField } from '../../kernel/config/config';
import { HrApiError, WebhookSignatureError } from '../../kernel/errors';

/**
 * What a preset adapter (src/intake/hr/<vendor>.ts) does for one HR system: check the vendor's own signature, read
 * its notification, fetch the person from its API when the notification carries only ids, and say which
 * of the vendor's fields hold ours. The use case (src/intake/accept-vendor-hire.ts) does the rest, the same
 * for every vendor.
 */
export type NoticeKind = 'hire' | 'update' | 'cancel';

export type Notice =
  | {
      kind: NoticeKind;
      event: string;
      /** The vendor's id of the person: with the source's name, our hire id. */
      employeeId: string;
      /** The vendor's own delivery id, when it sends one (our dedupe key); else the body's hash is. */
      deliveryId?: string;
      /** The person, when the notification carries it (SmartHR); otherwise fetched. */
      person?: Record<string, unknown>;
    }
  | { kind: 'ignore'; event: string };

export interface VerifyInput {
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** The source's current secrets (two during a rotation). */
  secrets: readonly string[];
  nowMs: number;
}

export interface PersonApi {
  baseUrl: string;
  /** The source's API credentials as kept in SSM (`user:secret`; the preset says which). */
  credentials: string;
  fetch: typeof fetch;
  signal: AbortSignal;
}

export interface Preset {
  label: string;
  /** How long the vendor waits for our answer; vendor API calls get what is left of it. */
  ackDeadlineMs: number;
  /** The vendor's connection test, answered 200 before anything else (it carries no person). */
  isPing?(rawBody: Buffer): boolean;
  verify(input: VerifyInput): void;
  read(body: unknown): Notice;
  /** The person named by a notification; undefined when the vendor does not know them (404). */
  fetchPerson?(
    api: PersonApi,
    employeeId: string,
    mapping: Record<string, string>,
  ): Promise<Record<string, unknown> | undefined>;
  /**
   * Where a fetched record names its employee: a record that names another one (or none) is not the
   * person the notification is about, and is refused.
   */
  personIdPath?: string;
  defaultApiUrl?: string;
  defaultMapping: Partial<Record<MappedField, string>>;
}

export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export function header(headers: VerifyInput['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name && typeof value === 'string') return value.trim();
  }
  return undefined;
}

/** Constant time whatever the lengths: both sides are hashed first, so only equality is learnt. */
export function sameSecret(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function hmac(algorithm: 'sha256' | 'sha512', secret: string, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export function requireSecrets(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 8)) {
    throw new WebhookSignatureError(
      'bad-secret-config',
      'the source has no usable secret (8 characters or more)',
    );
  }
  return secrets;
}

export function missing(what: string): never {
  throw new WebhookSignatureError('missing-headers', what);
}

export function badSignature(what: string): never {
  throw new WebhookSignatureError('bad-signature', what);
}

/** A vendor timestamp (Unix seconds, or an ISO date-time) within the tolerance of our clock. */
export function checkFresh(text: string, nowMs: number): void {
  const seconds = /^\d{1,12}$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(seconds))
    throw new WebhookSignatureError('bad-timestamp', 'the timestamp is not a time');
  const age = nowMs / 1000 - seconds;
  if (Math.abs(age) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new WebhookSignatureError(
      'stale',
      `the timestamp is ${Math.round(Math.abs(age))} s in the ${age > 0 ? 'past' : 'future'}, tolerance ${TIMESTAMP_TOLERANCE_SECONDS} s`,
    );
  }
}

/** `user:secret` as kept in SSM, split at the first colon. */
export function credentialPair(credentials: string, what: string): [string, string] {
  const at = credentials.indexOf(':');
  if (at <= 0 || at === credentials.length - 1) {
    throw new HrApiError(`the API credentials must be "${what}"`);
  }
  return [credentials.slice(0, at), credentials.slice(at + 1)];
}

/** A JSON API call; 404 is "no such person", anything else not 2xx an HrApiError (the vendor retries). */
export async function getJson(
  api: PersonApi,
  path: string,
  init: RequestInit = {},
): Promise<Record<string, unknown> | undefined> {
  let res: Response;
  try {
    res = await api.fetch(new URL(path, api.baseUrl.endsWith('/') ? api.baseUrl : `${api.baseUrl}/`), {
      ...init,
      headers: { accept: 'application/json', ...(init.headers as Record<string, string>) },
      signal: api.signal,
    });
  } catch (err) {
    throw new HrApiError(`the HR API did not answer (${(err as Error).name})`, undefined, { cause: err });
  }
  if (res.status === 404) return undefined;
  if (!res.ok) throw new HrApiError(`the HR API answered ${res.status}`, res.status);
  try {
    const body = (await res.json()) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // Not JSON: the same answer as a wrong shape.
  }
  throw new HrApiError('the HR API answered something other than a JSON object', res.status);
}

export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
