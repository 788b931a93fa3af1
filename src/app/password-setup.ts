import type { DirectoryApi } from '../adapters/directory';
import type { HireStore } from '../adapters/stores/hires';
import type { SetupTokens } from '../adapters/stores/setup-tokens';
import type { Clock } from '../clock';
import { DirectoryUnavailableError, PasswordRejectedError, StageConflictError } from '../domain/errors';
import type { HireRecord } from '../domain/hire-record';
import { maskEmail } from '../domain/mask-email';
import { passwordProblems } from '../domain/password-policy';
import { MAX_SETUP_ATTEMPTS, setupAccess } from '../domain/setup-access';
import { hashSetupToken, looksLikeSetupToken } from '../domain/setup-token';
import { offersPasswordSetup, type SignIn } from '../domain/sign-in';
import type { SetupPageKind } from '../email/setup-page';
import { describeError, log } from '../log';

/**
 * The hosted password setup (GET/POST /setup/{token}) for Simple AD and Managed AD. The token is checked
 * against the hire's current one, every submission counts against the attempt limit, the policy is checked
 * before the directory is called, and one conditional claim makes sure the directory is called at most once
 * per link. The password is passed to the directory and nowhere else: never stored, logged or echoed.
 */
export interface PasswordSetupDeps {
  hires: Pick<HireStore, 'get' | 'move'>;
  setupTokens: Pick<SetupTokens, 'get' | 'takeAttempt' | 'claim' | 'release' | 'markUsed'>;
  directory: DirectoryApi;
  clock: Clock;
  maxAttempts?: number;
  /**
   * How the hire's directory signs people in now (README "Sign-in follows the directory"); undefined when
   * it cannot be told. A directory switched to SAML 2.0 or IAM Identity Center after the email went out
   * needs no password of ours: the link shows how to sign in instead of the form.
   */
  signInOf?: (hire: HireRecord) => Promise<SignIn | undefined>;
}

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

/** The page for a link that works, when the directory no longer takes a password set here. */
async function signInElsewhere(deps: PasswordSetupDeps, hire: HireRecord): Promise<SetupOutcome | undefined> {
  let signIn: SignIn | undefined;
  try {
    signIn = await deps.signInOf?.(hire);
  } catch (err) {
    // The page still works as the email said; the directory call decides in the end.
    log.warn('password setup: sign-in mode unknown', { hireId: hire.hireId, error: describeError(err) });
    return undefined;
  }
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
): Promise<SetupOutcome> {
  const max = deps.maxAttempts ?? MAX_SETUP_ATTEMPTS;
  const { hash, stored, hire } = await lookUp(deps, token);
  const access = setupAccess(stored, hire, deps.clock.now(), max);
  if (access !== 'open' || !hash || !hire)
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
  if (claim !== 'claimed') return { page: 'used', hire };
  try {
    await deps.directory.resetPassword({
      directoryId: hire.directoryId,
      userName: hire.person.userName,
      password: form.password,
    });
  } catch (err) {
    await deps.setupTokens.release(hash);
    if (err instanceof PasswordRejectedError) {
      log.info('password setup: directory rejected the password', { hireId: hire.hireId });
      return { page: 'invalid', errors: ['rejected'], hire };
    }
    if (err instanceof DirectoryUnavailableError) {
      log.error('password setup: directory unavailable', { hireId: hire.hireId, error: err });
      return { page: 'invalid', errors: ['unavailable'], hire, status: 503 };
    }
    throw err;
  }
  await deps.setupTokens.markUsed(hash);
  try {
    const changed = await deps.hires.move(hire.hireId, {
      to: 'PASSWORD_SET',
      from: ['INVITED', 'BOUNCED', 'ESCALATED'],
      set: { passwordSetAt: deps.clock.now().toISOString() },
      remove: ['setupTokenHash', 'setupTokenExpiresAt'],
      event: { type: 'password-set' },
    });
    log.info('password set', { hireId: hire.hireId });
    return { page: 'done', hire: changed };
  } catch (err) {
    // The password is set either way; a login (ACTIVE) or a cancel may have moved the hire meanwhile.
    if (!(err instanceof StageConflictError)) throw err;
    log.warn('password set, hire moved on meanwhile', { hireId: hire.hireId, actual: err.actual });
    return { page: 'done', hire };
  }
}
