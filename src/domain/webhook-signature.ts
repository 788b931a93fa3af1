/**
 * Standard Webhooks 1.0 (https://www.standardwebhooks.com/): HMAC-SHA256 over `${id}.${timestamp}.${body}`,
 * keyed by the base64 part of a `whsec_` secret. Several secrets may be active at once so a secret can be
 * rotated without dropping deliveries.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './errors';

export type { WebhookSignatureFailure } from './errors';
export { WebhookSignatureError } from './errors';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MIN_SECRET_BYTES = 16;
const SIGNATURE_BYTES = 32;
/** The id is our deduplication key (stored in DynamoDB): keep it bounded and printable. */
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;
/** A sender lists one signature per active secret; more than this is not a real sender. */
const MAX_SIGNATURES = 16;

export type WebhookHeaders = Readonly<Record<string, string | undefined>>;

export interface VerifyWebhookInput {
  /** Request headers; names are expected lower-case (API Gateway v2 lower-cases them). */
  headers: WebhookHeaders;
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** Every currently valid `whsec_` secret (rotation: old and new). */
  secrets: readonly string[];
  nowMs: number;
  toleranceSeconds?: number;
}

export interface VerifiedWebhook {
  id: string;
  timestamp: number;
}

export function verifyWebhook({
  headers,
  rawBody,
  secrets,
  nowMs,
  toleranceSeconds = 300,
}: VerifyWebhookInput): VerifiedWebhook {
  const keys = decodeSecrets(secrets);

  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatureText = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatureText) {
    throw new WebhookSignatureError(
      'missing-headers',
      'webhook-id, webhook-timestamp and webhook-signature headers are required',
    );
  }
  if (!WEBHOOK_ID.test(id)) {
    throw new WebhookSignatureError('missing-headers', 'webhook-id must be 1-256 printable characters');
  }

  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new WebhookSignatureError('bad-timestamp', 'webhook-timestamp must be Unix seconds');
  }
  const timestamp = Number(timestampText);
  const ageSeconds = nowMs / 1000 - timestamp;
  if (Math.abs(ageSeconds) > toleranceSeconds) {
    throw new WebhookSignatureError(
      'stale',
      `webhook-timestamp is ${Math.round(Math.abs(ageSeconds))} s in the ${ageSeconds > 0 ? 'past' : 'future'}, tolerance ${toleranceSeconds} s`,
    );
  }

  const candidates = parseSignatures(signatureText);
  if (candidates.length === 0) {
    throw new WebhookSignatureError('bad-signature', 'webhook-signature has no v1 signature');
  }
  // Sign the header text as sent (not the re-printed number), as the sender did.
  const content = signedContent(id, timestampText, rawBody);
  for (const key of keys) {
    const expected = createHmac('sha256', key).update(content).digest();
    // Compare against every candidate (no early exit) so timing says nothing about which one matched.
    let matched = false;
    for (const candidate of candidates) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
    if (matched) return { id, timestamp };
  }
  throw new WebhookSignatureError('bad-signature', 'no webhook-signature matches an active secret');
}

/** Returns the `webhook-signature` value (`v1,<base64>`) for one secret. */
export function signWebhook({
  id,
  timestamp,
  rawBody,
  secret,
}: {
  id: string;
  timestamp: number;
  rawBody: string | Uint8Array;
  secret: string;
}): string {
  const [key] = decodeSecrets([secret]);
  const mac = createHmac('sha256', key!)
    .update(signedContent(id, timestamp, rawBody))
    .digest('base64');
  return `v1,${mac}`;
}

/** A fresh secret: `whsec_` + 24 random bytes in base64. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

function decodeSecrets(secrets: readonly string[]): Buffer[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new WebhookSignatureError('bad-secret-config', 'no webhook secret is configured');
  }
  return secrets.map((secret, index) => {
    const encoded = typeof secret === 'string' && secret.startsWith(SECRET_PREFIX) ? secret.slice(6) : '';
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length < MIN_SECRET_BYTES) {
      // Never echo the secret itself.
      throw new WebhookSignatureError(
        'bad-secret-config',
        `webhook secret #${index + 1} must be whsec_ followed by at least ${MIN_SECRET_BYTES} bytes in base64`,
      );
    }
    return key;
  });
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  const direct = headers?.[name];
  if (typeof direct === 'string') return direct.trim();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name && typeof value === 'string') return value.trim();
  }
  return undefined;
}

function parseSignatures(value: string): Buffer[] {
  const result: Buffer[] = [];
  for (const entry of value.split(' ').filter(Boolean).slice(0, MAX_SIGNATURES)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const encoded = entry.slice(comma + 1);
    if (!BASE64.test(encoded)) continue;
    const decoded = Buffer.from(encoded, 'base64');
    if (decoded.length === SIGNATURE_BYTES) result.push(decoded);
  }
  return result;
}

function signedContent(id: string, timestamp: number | string, rawBody: string | Uint8Array): Buffer {
  const prefix = Buffer.from(`${id}.${timestamp}.`, 'utf8');
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return Buffer.concat([prefix, body]);
}
