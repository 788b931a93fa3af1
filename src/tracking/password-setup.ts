import type { Clock } from '../kernel/clock';
import {
  DirectoryUnavailableError,
  PasswordRejectedError,
  PasswordResetUnconfirmedError,
  StageConflictError,
} from '../kernel/errors';
import { maskEmail } from '../kernel/hire/mask-email';
import type { HireRecord } from '../kernel/hire/record';
import { MAX_SETUP_ATTEMPTS, setupAccess } from '../kernel/hire/setup-access';
import { hashSetupToken, looksLikeSetupToken } from '../kernel/hire/setup-token';
import { offersPasswordSetup, type SignIn } from '../kernel/hire/sign-in';
import { describeError, log } from '../kernel/log';
import type { HireStore } from '../kernel/table/hires';
import type { SetupTokens } from '../kernel/table/setup-tokens';
import type { SetupPageKind } from './emails/setup-page';
import { passwordProblems } from './password-policy';
import type { DirectoryApi } from './ports';

/**
 * The hosted password setup (GET/POST /setup/{token}) for Simple AD and Managed AD. The token is checked
 * against the hire's current one, every submission counts against the attempt limit, the policy is checked
 * before the directory is called, and one conditional claim makes sure the directory is called at most once
 * per link. The password is passed to the directory and nowhere else: never stored, logged or echoed.
 *
 * The page never waits on WorkSpaces: the sign-in mode lookup has its own short deadline and falls back to
 * the mode stored at invitation. Once the directory may have the password, no answer says "nothing was
 * changed": a reset it took is `done` even if recording it fails, and one without an answer is
 * `unconfirmed`.
 */
export interface PasswordSetupDeps {
  hires: Pick<HireStore, 'get' | 'move'>;
  setupTokens: Pick<SetupTokens, 'get' | 'takeAttempt' | 'claim' | 'release' | 'markUsed'>;
  directory: DirectoryApi;
  clock: Clock;
  maxAttempts?: number;
  /**
   * How the hire's directory signs people in now (docs/admin-guide.md "Sign-in follows the directory"); undefined when
   * it cannot be told. A directory switched to SAML 2.0 or IAM Identity Center after the email went out
   * needs no password of ours: the link shows how to sign in instead of the form. `signal` is aborted at
   * the lookup's deadline.
   */
  signInOf?: (hire: HireRecord, signal: AbortSignal) => Promise<SignIn | undefined>;
  /** The lookup's deadline (SIGN_IN_LOOKUP_MS unless a test sets another). */
  signInLookupMs?: number;
}

/** For one submission: how long the function has left (Lambda's `getRemainingTimeInMillis`). */
export interface SubmitOptions {
  timeLeftMs?: () => number;
}

/**
 * How long the page waits for DescribeWorkspaceDirectories (a few quick tries) before it goes by the
 * sign-in mode stored at invitation: throttled or down, WorkSpaces never makes the page slow or fail.
 */
export const SIGN_IN_LOOKUP_MS = 1_500;

/**
 * Kept free of the directory call at the end of the function's time, for the writes that record a set
 * password and the answer: the call is given up before the function would be stopped in the middle of it.
 */
export const AFTER_RESET_RESERVE_MS = 1_000;

export interface SetupOutcome {
  page: SetupPageKind;
  /** Present when the link belongs to a hire: the page speaks their language. */
  hire?: HireRecord;
  /** Error codes for the `invalid` page. */
  errors?: string[];
  /** Overrides the page's own status (503 when the directory cannot be reached). */
  status?: number;
  /** `superseded`: when and to which (masked) address the newer email went. */
  newerEmail?: { sentAt: Date; to: string };
  /** `sign-in-elsewhere`: how the person signs in instead. */
  signIn?: SignIn;
}

// A claim outlives one directory call by far; older claims were left by a crashed invocation.
const CLAIM_STALE_AFTER_MS = 60_000;

async function lookUp(deps: PasswordSetupDeps, token: string) {
  if (!looksLikeSetupToken(token)) return { hash: undefined, stored: undefined, hire: undefined };
  const hash = hashSetupToken(token);
  const stored = await deps.setupTokens.get(hash);
  const hire = stored ? await deps.hires.get(stored.hireId) : undefined;
  return { hash, stored, hire };
}

const withHire = (outcome: SetupOutcome, hire: HireRecord | undefined): SetupOutcome => {
  if (!hire) return outcome;
  if (outcome.page !== 'superseded' || !hire.setupLinkSentAt) return { ...outcome, hire };
  const sentAt = new Date(hire.setupLinkSentAt);
  const to = maskEmail(hire.setupLinkTo ?? hire.person.email);
  return { ...outcome, hire, newerEmail: { sentAt, to } };
};

/**
 * How the hire signs in now, asked within the deadline; else as when it was invited (the invitation said
 * so), else undefined (a hire invited before the mode was stored: the page works as the email said).
 */
async function currentSignIn(deps: PasswordSetupDeps, hire: HireRecord): Promise<SignIn | undefined> {
  if (!deps.signInOf) return hire.signIn;
  const deadline = new AbortController();
  const ms = deps.signInLookupMs ?? SIGN_IN_LOOKUP_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const found = await Promise.race([deps.signInOf(hire, deadline.signal), late]);
    if (found !== 'late') return found ?? hire.signIn;
    log.warn('password setup: sign-in mode lookup past its deadline, going by the invitation', {
      hireId: hire.hireId,
      deadlineMs: ms,
    });
  } catch (err) {
    log.warn('password setup: sign-in mode unknown, going by the invitation', {
      hireId: hire.hireId,
      error: describeError(err),
    });
  } finally {
    clearTimeout(timer);
    deadline.abort();
  }
  return hire.signIn;
}

/** The page for a link that works, when the directory no longer takes a password set here. */
async function signInElsewhere(deps: PasswordSetupDeps, hire: HireRecord): Promise<SetupOutcome | undefined> {
  const signIn = await currentSignIn(deps, hire);
  if (!signIn || offersPasswordSetup(signIn)) return undefined;
  log.info('password setup: directory signs in elsewhere', { hireId: hire.hireId, mode: signIn.mode });
  return { page: 'sign-in-elsewhere', hire, signIn };
}

export async function openSetupPage(deps: PasswordSetupDeps, token: string): Promise<SetupOutcome> {
  const { stored, hire } = await lookUp(deps, token);
  const access = setupAccess(stored, hire, deps.clock.now(), deps.maxAttempts ?? MAX_SETUP_ATTEMPTS);
  if (access === 'open' && hire) {
    const elsewhere = await signInElsewhere(deps, hire);
    if (elsewhere) return elsewhere;
  }
  return withHire({ page: access === 'open' ? 'form' : access }, hire);
}

export async function submitPassword(
  deps: PasswordSetupDeps,
  token: string,
  form: { password: string; confirm: string },
  opts: SubmitOptions = {},
): Promise<SetupOutcome> {
  const max = deps.maxAttempts ?? MAX_SETUP_ATTEMPTS;
  const { hash, stored, hire } = await lookUp(deps, token);
  const access = setupAccess(stored, hire, deps.clock.now(), max);
  if (access !== 'open' || !hash || !hire || !stored)
    return withHire({ page: access === 'open' ? 'expired' : access }, hire);
  const elsewhere = await signInElsewhere(deps, hire);
  if (elsewhere) return elsewhere;

  if (!(await deps.setupTokens.takeAttempt(hash, max))) {
    const now = setupAccess(await deps.setupTokens.get(hash), hire, deps.clock.now(), max);
    return withHire({ page: now === 'open' ? 'too-many-attempts' : now }, hire);
  }
  const problems = passwordProblems(form.password, form.confirm);
  if (problems.length) {
    log.info('password setup: policy not met', { hireId: hire.hireId, problems });
    return { page: 'invalid', errors: problems, hire };
  }

  const claim = await deps.setupTokens.claim(hash, CLAIM_STALE_AFTER_MS);
  if (claim === 'used') return { page: 'used', hire };
  // Another submission of this link is with the directory (or got no answer) within the last minute.
  if (claim === 'busy') return { page: 'unconfirmed', hire };
  // Looked at again with the claim held: a bounce, a cancel or a newer email since the first look wins
  // (the attempt just taken is not held against the link).
  const latest = await deps.hires.get(hire.hireId);
  const still = setupAccess(stored, latest, deps.clock.now(), Number.POSITIVE_INFINITY);
  if (still !== 'open' || !latest) {
    await deps.setupTokens.release(hash);
    log.info('password setup: link closed meanwhile', { hireId: hire.hireId, access: still });
    return withHire({ page: still === 'open' ? 'expired' : still }, latest);
  }
  const left = opts.timeLeftMs?.();
  const budget = left === undefined ? undefined : left - AFTER_RESET_RESERVE_MS;
  if (budget !== undefined && budget <= 0) {
    await deps.setupTokens.release(hash);
    log.error('password setup: no time left for the directory', { hireId: hire.hireId, left });
    return { page: 'invalid', errors: ['unavailable'], hire: latest, status: 503 };
  }
  try {
    await deps.directory.resetPassword({
      directoryId: latest.directoryId,
      userName: latest.person.userName,
      password: form.password,
      ...(budget !== undefined ? { signal: AbortSignal.timeout(budget) } : {}),
    });
  } catch (err) {
    if (err instanceof PasswordResetUnconfirmedError) {
      // The claim stays until it is stale: a second password sent now could land before this one.
      log.error('password setup: the directory gave no answer', { hireId: hire.hireId, error: err });
      return { page: 'unconfirmed', hire: latest };
    }
    await deps.setupTokens.release(hash);
    if (err instanceof PasswordRejectedError) {
      log.info('password setup: directory rejected the password', { hireId: hire.hireId });
      return { page: 'invalid', errors: ['rejected'], hire: latest };
    }
    if (err instanceof DirectoryUnavailableError) {
      log.error('password setup: directory unavailable', { hireId: hire.hireId, error: err });
      return { page: 'invalid', errors: ['unavailable'], hire: latest, status: 503 };
    }
    throw err;
  }
  return { page: 'done', hire: await recordPasswordSet(deps, hash, latest) };
}

/**
 * The directory has the password: the link is used and the hire PASSWORD_SET. Neither write may turn the
 * answer into an error (the person would read "nothing was changed"): a failed write is logged as an error
 * and the hire moves on at the first login (ACTIVE from INVITED), as with a missed login event.
 */
async function recordPasswordSet(
  deps: PasswordSetupDeps,
  hash: string,
  hire: HireRecord,
): Promise<HireRecord> {
  try {
    await deps.setupTokens.markUsed(hash);
    const changed = await deps.hires.move(hire.hireId, {
      to: 'PASSWORD_SET',
      from: ['INVITED', 'BOUNCED', 'ESCALATED'],
      set: { passwordSetAt: deps.clock.now().toISOString() },
      remove: ['setupTokenHash', 'setupTokenExpiresAt'],
      event: { type: 'password-set' },
    });
    log.info('password set', { hireId: hire.hireId });
    return changed;
  } catch (err) {
    if (err instanceof StageConflictError) {
      // A login (ACTIVE) or a cancel may have moved the hire meanwhile.
      log.warn('password set, hire moved on meanwhile', { hireId: hire.hireId, actual: err.actual });
    } else {
      log.error('password set, not recorded', { hireId: hire.hireId, error: err });
    }
    return hire;
  }
}
