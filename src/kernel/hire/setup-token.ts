import { createHash, randomBytes } from 'node:crypto';

/**
 * Password setup tokens: 256 random bits, URL-safe. Only the SHA-256 hash is ever stored, so a table
 * read does not hand out working links.
 */
export function newSetupToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSetupToken(token) };
}

export function hashSetupToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** A token as it may appear in a URL: 43 base64url characters. Anything else is rejected unread. */
export function looksLikeSetupToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
