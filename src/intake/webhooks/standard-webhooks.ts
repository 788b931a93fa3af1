/**
 * Standard Webhooks (https://www.standardwebhooks.com/) through the `standardwebhooks` package: it does the
 * protocol (the `whsec_` secret's decoding, the signed content `${id}.${timestamp}.${body}`, HMAC-SHA256,
 * base64) through its public `sign`. Around it stays what the package does not do:
 *
 * - several secrets at once, so a secret can be rotated without dropping deliveries;
 * - the time check on the injected clock: the package's `verify` compares the timestamp with `Date.now()`,
 *   with no option to pass the time, and the local clock can be moved (the helper scripts sign with its
 *   time). So we check the window ourselves, sign what was received with each secret and compare the
 *   result with every `v1` signature of the header in constant time;
 * - a reason for every refusal (`WebhookSignatureError.reason`), and bounded headers (the webhook id is our
 *   deduplication key in DynamoDB).
 *
 * The replay rule (a known webhook id with other content) is the use case's: src/intake/accept-hire.ts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookSignatureError } from '../../kernel/errors';
import { MIN_SECRET_BYTES, webhookSecretProblem } from './secret-rule';

export { MIN_SECRET_BYTES, webhookSecretProblem } from './secret-rule';

const SECRET_PREFIX = 'whsec_';
/** Printable, bounded: the id is stored as the delivery's key. */
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;
/** Unix seconds as an integer is printed: what the package signs is the number, so no leading zeros. */
const TIMESTAMP = /^(?:0|[1-9]\d{0,11})$/;
/** A sender lists one signature per active secret; more than this is not a real sender. */
const MAX_SIGNATURES = 16;
export const TOLERANCE_SECONDS = 300;

export type WebhookHeaders = Readonly<Record<string, string | undefined>>;

export interface VerifyWebhookInput {
  /** Request headers, any case. */
  headers: WebhookHeaders;
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** Every currently valid `whsec_` secret (rotation: old and new). */
  secrets: readonly string[];
  /** The injected clock's now. */
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
  toleranceSeconds = TOLERANCE_SECONDS,
}: VerifyWebhookInput): VerifiedWebhook {
  const webhooks = checkedSecrets(secrets);

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
  if (!TIMESTAMP.test(timestampText)) {
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

  const received = v1Signatures(signatureText);
  const payload = asPayload(rawBody);
  const signedAt = new Date(timestamp * 1000);
  for (const webhook of webhooks) {
    const expected = Buffer.from(webhook.sign(id, signedAt, payload));
    if (received.some((signature) => sameBytes(signature, expected))) return { id, timestamp };
  }
  throw new WebhookSignatureError('bad-signature', 'no webhook-signature matches an active secret');
}

/** The `webhook-signature` value (`v1,<base64>`) for one secret, as a sender (our scripts, the bench) sends it. */
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
  const [webhook] = checkedSecrets([secret]);
  return webhook!.sign(id, new Date(timestamp * 1000), asPayload(rawBody));
}

/** A fresh secret: `whsec_` + 24 random bytes in base64. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(MIN_SECRET_BYTES).toString('base64');
}

function checkedSecrets(secrets: readonly string[]): Webhook[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new WebhookSignatureError('bad-secret-config', 'no webhook secret is configured');
  }
  return secrets.map((secret, index) => {
    const problem = webhookSecretProblem(secret, index);
    if (problem) throw new WebhookSignatureError('bad-secret-config', problem);
    try {
      return new Webhook(secret);
    } catch (err) {
      throw new WebhookSignatureError('bad-secret-config', `webhook secret #${index + 1} is not usable`, {
        cause: err,
      });
    }
  });
}

/**
 * The `v1` signatures of the header (`v1,<base64> v1,<base64> ...`), each as the `sign` result it should
 * equal; other versions are skipped, and a sender lists one per active secret, so more than
 * MAX_SIGNATURES are not read.
 */
function v1Signatures(signatureText: string): Buffer[] {
  return signatureText
    .split(' ')
    .filter(Boolean)
    .slice(0, MAX_SIGNATURES)
    .filter((signature) => signature.startsWith('v1,'))
    .map((signature) => Buffer.from(signature));
}

/** Constant time for equal lengths; the length of a signature is public (a SHA-256 digest in base64). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The package takes a string or a Buffer (it signs the UTF-8 text; JSON bodies are UTF-8). */
function asPayload(rawBody: string | Uint8Array): string | Buffer {
  if (typeof rawBody === 'string' || Buffer.isBuffer(rawBody)) return rawBody;
  return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  const direct = headers?.[name];
  if (typeof direct === 'string') return direct.trim();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name && typeof value === 'string') return value.trim();
  }
  return undefined;
}
