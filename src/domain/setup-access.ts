/**
 * Whether a password setup link may still be used, decided from the stored token and the hire alone.
 * Single use, limited attempts, an expiry, and only the hire's current token: a newer invitation or
 * reminder replaces `setupTokenHash`, so older links stop working. An older link of a hire still waiting
 * for a password is `superseded`: its page says when and where the newer email went, so the person looks
 * for it instead of asking for a new invitation. Unknown tokens stay `expired`.
 */
import type { HireRecord } from './hire-record';
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
}

export type SetupAccess = 'open' | 'expired' | 'used' | 'too-many-attempts' | 'superseded';

/** Stages from which a password may be set (the stage table allows PASSWORD_SET from these). */
const SETTABLE: readonly Stage[] = ['INVITED', 'BOUNCED', 'ESCALATED'];
const DONE: readonly Stage[] = ['PASSWORD_SET', 'ACTIVE'];

export function setupAccess(
  token: StoredSetupToken | undefined,
  hire: Pick<HireRecord, 'stage' | 'setupTokenHash' | 'setupLinkSentAt'> | undefined,
  now: Date,
  maxAttempts = MAX_SETUP_ATTEMPTS,
): SetupAccess {
  // Unknown links get the same answer as expired ones: nothing tells a guesser that a token exists.
  if (!token || !hire) return 'expired';
  if (token.usedAt) return 'used';
  if (hire.setupTokenHash !== token.tokenHash) {
    if (DONE.includes(hire.stage)) return 'used';
    return SETTABLE.includes(hire.stage) && hire.setupLinkSentAt ? 'superseded' : 'expired';
  }
  if (DONE.includes(hire.stage)) return 'used';
  if (!SETTABLE.includes(hire.stage)) return 'expired';
  if (Date.parse(token.validUntil) <= now.getTime()) return 'expired';
  if (token.attempts >= maxAttempts) return 'too-many-attempts';
  return 'open';
}
