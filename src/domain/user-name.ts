/**
 * One account per person (docs/decisions.md, "User-name claims"): a directory user name belongs to at most one hire that is not
 * CANCELLED, and the built-in accounts of a directory are never handed to anyone. Pure rules; the store
 * keeps one claim item per user name and directory, taken with single-item conditional writes.
 */
import type { HireRecord } from './hire-record';

/**
 * Accounts every directory has, whatever the configuration says. `Administrator` (Simple AD's directory
 * administrator), `Admin` (AWS Managed Microsoft AD's), and the default accounts Microsoft documents for an
 * Active Directory domain: `Guest`, `krbtgt` (the Kerberos service account), `HelpAssistant` (Remote
 * Assistance) and `DefaultAccount`. Sources in the README ("One account per person").
 */
export const BUILT_IN_ACCOUNTS: readonly string[] = [
  'Administrator',
  'Admin',
  'Guest',
  'krbtgt',
  'HelpAssistant',
  'DefaultAccount',
];

/**
 * A claim whose hire does not exist is left by a crash between the claim and the hire's creation; after
 * this long (longer than any attempt of the webhook) another hire may take the name.
 */
export const ORPHAN_CLAIM_AFTER_MS = 5 * 60_000;

/** Active Directory compares sAMAccountName without regard to case: `JSmith` is `jsmith`. */
export function userNameKey(userName: string): string {
  return userName.trim().toLowerCase();
}

export function isProtectedUserName(userName: string, configured: readonly string[] = []): boolean {
  const key = userNameKey(userName);
  return [...BUILT_IN_ACCOUNTS, ...configured].some((name) => userNameKey(name) === key);
}

export const PROTECTED_USER_NAME_MESSAGE =
  'is a built-in or protected directory account and is never given to a new hire';

/** The claim item: which hire holds a user name in a directory, since when. */
export interface UserNameClaim {
  directoryId: string;
  userName: string;
  hireId: string;
  claimedAt: string;
}

/**
 * Whether a claim still binds its user name to its hire. It does not when the hire was CANCELLED, when the
 * hire has moved to another user name or directory since (a crash between claiming the new name and
 * releasing the old one), or when the hire was never created and the claim is older than
 * ORPHAN_CLAIM_AFTER_MS (a crash between the claim and the hire's creation).
 */
export function claimIsLive(
  claim: Pick<UserNameClaim, 'directoryId' | 'userName' | 'claimedAt'>,
  holder: Pick<HireRecord, 'stage' | 'directoryId' | 'person'> | undefined,
  nowMs: number,
): boolean {
  if (!holder) return nowMs - Date.parse(claim.claimedAt) < ORPHAN_CLAIM_AFTER_MS;
  if (holder.stage === 'CANCELLED') return false;
  return (
    holder.directoryId === claim.directoryId &&
    userNameKey(holder.person.userName) === userNameKey(claim.userName)
  );
}
