import type { OnboardingConfig } from '../kernel/config/load';
import type { Mailer, OutgoingEmail } from '../kernel/email/mailer';
import { StageConflictError, TransientError, VersionConflictError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { newSetupToken } from '../kernel/hire/setup-token';
import { log } from '../kernel/log';
import type { HireStore } from '../kernel/table/hires';
import type { SetupTokens } from '../kernel/table/setup-tokens';
import { setupLinkExpiry } from './schedule';

/**
 * Steps 1 to 3 of the one order of writes (src/invitations/issue-invitation.ts) for any email that may carry a
 * setup link: the invitation and the password reminders rotate links only through here.
 */
export interface SetupLinkDeps {
  hires: Pick<HireStore, 'get' | 'update'>;
  setupTokens: Pick<SetupTokens, 'put'>;
  mailer: Mailer;
  config: OnboardingConfig;
  publicBaseUrl: string;
}

export interface SetupLink {
  url: string;
  /** Until when the link works. */
  actBy: Date;
}

export type SendOutcome = 'sent' | 'already-sent' | 'in-progress';

/**
 * Steps 1 to 3 for one email: with `setupLink`, the email gets a fresh link made inside the ledger claim.
 * `in-progress`: another attempt holds the claim right now (nothing was done here).
 */
export async function sendWithSetupLink(
  deps: SetupLinkDeps,
  input: {
    hire: HireRecord;
    ledgerKey: string;
    to: string;
    setupLink: boolean;
    /** The caller's "now": the link lives until setupLinkExpiry from it, as the email and the record say. */
    now: Date;
    /** Also expect this version when moving the pointer (the reminder run: another run may be quicker). */
    expectVersion?: number;
    render(link: SetupLink | undefined): Promise<OutgoingEmail>;
  },
): Promise<{ outcome: SendOutcome; hire: HireRecord }> {
  const { hire } = input;
  let made = false;
  let moved: { hash: string; hire: HireRecord } | undefined;
  const moveBack = () => (moved ? moveSetupLinkBack(deps, hire, moved.hash) : Promise.resolve());
  try {
    const result = await deps.mailer.sendOnce(
      hire.hireId,
      input.ledgerKey,
      async () => {
        made = true;
        let link: SetupLink | undefined;
        if (input.setupLink) {
          const fresh = await moveSetupLink(deps, hire, input.to, input.now, input.expectVersion);
          moved = fresh;
          link = { url: fresh.url, actBy: fresh.actBy };
        }
        try {
          return await input.render(link);
        } catch (err) {
          await moveBack();
          throw err;
        }
      },
      { onNotSent: moveBack },
    );
    return { outcome: result.sent ? 'sent' : 'already-sent', hire: moved?.hire ?? hire };
  } catch (err) {
    // The claim was not ours (the content was never made): another attempt is sending this email.
    if (!made && err instanceof TransientError) return { outcome: 'in-progress', hire };
    throw err;
  }
}

const POINTER_FIELDS = ['setupTokenHash', 'setupTokenExpiresAt', 'setupLinkSentAt', 'setupLinkTo'] as const;

async function moveSetupLink(
  deps: Omit<SetupLinkDeps, 'mailer'>,
  hire: HireRecord,
  to: string,
  now: Date,
  expectVersion: number | undefined,
): Promise<{ url: string; actBy: Date; hash: string; hire: HireRecord }> {
  // The deadline the email shows and the token's expiry are one instant: a time people plan by (17:00 on a
  // working day), at or after the configured lifetime.
  const actBy = setupLinkExpiry(deps.config, hire, now);
  const { token, hash } = newSetupToken();
  // The token item first: a pointer must never name a token that does not exist.
  await deps.setupTokens.put(hash, hire.hireId, actBy);
  const moved = await deps.hires.update(hire.hireId, {
    stage: hire.stage,
    set: {
      setupTokenHash: hash,
      setupTokenExpiresAt: actBy.toISOString(),
      setupLinkSentAt: now.toISOString(),
      setupLinkTo: to,
    },
    ...(expectVersion !== undefined ? { expectVersion } : {}),
  });
  const url = `${deps.publicBaseUrl.replace(/\/$/, '')}/setup/${token}`;
  return { url, actBy, hash, hire: moved };
}

/** Nothing went out: the link of the email before works again, unless someone moved the pointer on. */
async function moveSetupLinkBack(
  deps: { hires: Pick<HireStore, 'get' | 'update'> },
  before: HireRecord,
  hash: string,
): Promise<void> {
  const set: Partial<HireRecord> = {};
  const remove: (keyof HireRecord)[] = [];
  for (const field of POINTER_FIELDS) {
    if (before[field] === undefined) remove.push(field);
    else set[field] = before[field];
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const hire = await deps.hires.get(before.hireId);
    if (!hire || hire.setupTokenHash !== hash) return;
    try {
      await deps.hires.update(hire.hireId, {
        stage: hire.stage,
        expectVersion: hire.version,
        set,
        ...(remove.length ? { remove } : {}),
      });
      return;
    } catch (err) {
      if (!(err instanceof VersionConflictError || err instanceof StageConflictError)) throw err;
    }
  }
  log.warn('setup link not moved back: the hire kept changing', { hireId: before.hireId });
}
