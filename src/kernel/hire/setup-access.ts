/**
 * Whether a password setup link may still be used, decided from the stored token and the hire alone.
 * Single use, limited attempts, an expiry, and only the hire's current token: a newer invitation or
 * reminder replaces `setupTokenHash`, so older links stop working. An older link of a hire still waiting
 * for a password is `superseded`: its page says when and where the newer email went, so the person looks
 * for it instead of asking for a new invitation. A bounce or complaint of an email to the person revokes
 * every link the hire had then (`setupLinksRevokedAt`): someone else may hold them, so they say only "ask
 * IT" and never name the newer email. Unknown tokens stay `expired`.
 */
import type { HireRecord } from './record';
import type { Stage } from './stages';

export const MAX_SETUP_ATTEMPTS = 5;

export interface StoredSetupToken {
  tokenHash: string;
  hireId: string;
  attempts: number;
  /** ISO time after which the link no longer works. */
  validUntil: string;
  /** Set once the directory accepted a password through this link. */
  usedAt?: string;
  /** A submission is with the directory right now (cleared if the directory refuses). */
  claimedAt?: string;
  /** When the token was stored; absent on tokens stored before links could be revoked. */
  issuedAt?: string;
}

export type SetupAccess = 'open' | 'expired' | 'used' | 'too-many-attempts' | 'superseded' | 'revoked';

/** Stages from which a password may be set (the stage table allows PASSWORD_SET from these). */
const SETTABLE: readonly Stage[] = ['INVITED', 'BOUNCED', 'ESCALATED'];
const DONE: readonly Stage[] = ['PASSWORD_SET', 'ACTIVE'];

export function setupAccess(
  token: StoredSetupToken | undefined,
  hire: SetupAccessHire | undefined,
  now: Date,
  maxAttempts = MAX_SETUP_ATTEMPTS,
): SetupAccess {
  // Unknown links get the same answer as expired ones: nothing tells a guesser that a token exists.
  if (!token || !hire) return 'expired';
  if (token.usedAt) return 'used';
  if (DONE.includes(hire.stage)) return 'used';
  if (isRevoked(token, hire)) return 'revoked';
  if (hire.setupTokenHash !== token.tokenHash) {
    return SETTABLE.includes(hire.stage) && hire.setupLinkSentAt ? 'superseded' : 'expired';
  }
  if (!SETTABLE.includes(hire.stage)) return 'expired';
  if (Date.parse(token.validUntil) <= now.getTime()) return 'expired';
  if (token.attempts >= maxAttempts) return 'too-many-attempts';
  return 'open';
}

type SetupAccessHire = Pick<
  HireRecord,
  'stage' | 'setupTokenHash' | 'setupLinkSentAt' | 'setupLinksRevokedAt'
>;

/**
 * Revoked: stored at or before the hire's last bounce or complaint (a token without `issuedAt` is older
 * than any revocation). A hire that bounced before revocations were recorded has none: while it is
 * BOUNCED, every link of it is revoked. A re-invite stores a new token after the revocation, so its link
 * works and every older one stays revoked.
 */
function isRevoked(token: StoredSetupToken, hire: SetupAccessHire): boolean {
  const revokedAt = hire.setupLinksRevokedAt;
  if (!revokedAt) return hire.stage === 'BOUNCED';
  return !token.issuedAt || Date.parse(token.issuedAt) <= Date.parse(revokedAt);
}
