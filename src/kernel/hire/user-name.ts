/**
 * One account per person (docs/decisions.md, "User-name claims"): a directory user name belongs to at most one hire that is not
 * CANCELLED, and the built-in accounts of a directory are never handed to anyone. Pure rules; the store
 * keeps one claim item per user name and directory, taken with single-item conditional writes.
 */
import type { Stage } from './names';

/**
 * Accounts every directory has, whatever the configuration says. `Administrator` (Simple AD's directory
 * administrator), `Admin` (AWS Managed Microsoft AD's), and the default accounts Microsoft documents for an
 * Active Directory domain: `Guest`, `krbtgt` (the Kerberos service account), `HelpAssistant` (Remote
 * Assistance) and `DefaultAccount`. Sources in docs/contract.md ("One account per person").
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

/**
 * The account a user name names, as Active Directory compares sAMAccountName: the same string for every
 * spelling the directory takes for one account. Compatibility forms folded (NFKC: full-width `ｊｓｍｉｔｈ` is
 * `jsmith`), full case folding (`JSmith`, `ADMİN`, `Meißner` as `meissner`), and diacritics removed
 * (`jšmith`, `josé` in either normal form, `jsmi̇th`): AD treats full-width and half-width forms and
 * letters with and without diacritics as one name (docs/contract.md "One account per person" has the sources).
 * Letters of other scripts that merely look alike (Cyrillic `а`, Greek `ο`) stay distinct, as in AD.
 */
export function userNameKey(userName: string): string {
  // toUpperCase then toLowerCase is full case folding for every letter a user name can hold (ß → ss,
  // final sigma → σ); İ lowers to i + U+0307, whose mark goes with the other diacritics.
  const folded = userName.trim().normalize('NFKC').toUpperCase().toLowerCase();
  return folded
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC');
}

/**
 * The key claims were written under before names were folded: trimmed and lower-cased. A claim taken then
 * is found under it (claimNameKeys), so a stored hire keeps its name against later hires.
 */
export function legacyUserNameKey(userName: string): string {
  return userName.trim().toLowerCase();
}

/**
 * The keys a claim on this name may be stored under: the folded key, and the older one when it differs,
 * in both normal forms (an older claim on `josé` was keyed by the form HR sent).
 */
export function claimNameKeys(userName: string): string[] {
  const legacy = legacyUserNameKey(userName);
  return [...new Set([userNameKey(userName), legacy, legacy.normalize('NFC'), legacy.normalize('NFD')])];
}

/** Full-width forms of ASCII (U+FF01–U+FF5E) and the ideographic space: what a Japanese IME types. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/u;

/** The name in half-width characters, when it has any full-width ones; else undefined. */
export function halfWidthForm(userName: string): string | undefined {
  if (!FULL_WIDTH.test(userName)) return undefined;
  return userName.replace(/[\uff01-\uff5e\u3000]/gu, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * The scripts whose letters a name mixes, when a reader could take it for another name (UTS #39's
 * "highly restrictive" level: one script, or Latin with the Japanese, Chinese or Korean scripts); else
 * undefined. `jsmіth` with a Cyrillic `і` is ["Latin", "Cyrillic"]: another account than `jsmith` for the
 * directory, but shown marked wherever an admin reads it.
 */
export function mixedScripts(userName: string): string[] | undefined {
  const scripts = new Set<string>();
  for (const char of userName.normalize('NFKC')) {
    if (!/\p{L}/u.test(char)) continue;
    scripts.add(SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other');
  }
  const found = [...scripts];
  if (found.length <= 1 || ALLOWED_MIXES.some((mix) => found.every((s) => mix.includes(s)))) return undefined;
  return found;
}

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /[\p{Script=Katakana}\u30fc]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Georgian', /\p{Script=Georgian}/u],
];
const ALLOWED_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

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
  holder: { stage: Stage; directoryId: string; person: { userName: string } } | undefined,
  nowMs: number,
): boolean {
  if (!holder) return nowMs - Date.parse(claim.claimedAt) < ORPHAN_CLAIM_AFTER_MS;
  if (holder.stage === 'CANCELLED') return false;
  return (
    holder.directoryId === claim.directoryId &&
    userNameKey(holder.person.userName) === userNameKey(claim.userName)
  );
}
