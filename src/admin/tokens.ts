import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../kernel/errors';

/**
 * Bearer tokens for the admin API where there is no IAM in front of it (the local cloud). Each token has a
 * name, which is what the hire's history records as the actor. Format: `name:token` entries separated by
 * commas or whitespace, e.g. `alice:3q2+... bob:9xk...`.
 */
export interface AdminToken {
  name: string;
  /** SHA-256 of the token: compared in constant time, never the raw value. */
  hash: Buffer;
}

export const MIN_TOKEN_LENGTH = 24;
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export function parseAdminTokens(value: string): AdminToken[] {
  const problems: string[] = [];
  const tokens: AdminToken[] = [];
  for (const [i, entry] of value
    .split(/[\s,]+/)
    .filter(Boolean)
    .entries()) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : `token-${i + 1}`;
    const token = colon > 0 ? entry.slice(colon + 1) : entry;
    if (!NAME.test(name))
      problems.push(`admin token #${i + 1}: the name must be 1-64 of A-Z a-z 0-9 . _ @ -`);
    if (token.length < MIN_TOKEN_LENGTH) {
      problems.push(`admin token ${name}: must be at least ${MIN_TOKEN_LENGTH} characters`);
    }
    tokens.push({ name, hash: sha256(token) });
  }
  if (problems.length) throw new ConfigError(problems);
  return tokens;
}

/**
 * The token named by an `Authorization: Bearer <token>` header, or undefined. Every configured token is
 * compared (hashes of equal length, constant time) so the answer's timing tells nothing about a near miss.
 */
export function matchBearer(
  authorization: string | undefined,
  tokens: readonly AdminToken[],
): AdminToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const given = sha256(match[1]!);
  let found: AdminToken | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(given, token.hash) && !found) found = token;
  }
  return found;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
