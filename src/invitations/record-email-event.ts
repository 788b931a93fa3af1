import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import type { ChatNotifier } from '../kernel/alerts/chat-notifier';
import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import { adminEmailContext } from '../kernel/email/context';
import type { Mailer } from '../kernel/email/mailer';
import type { EmailFeedback, EmailSent } from '../kernel/email/ses-event';
import { StageConflictError, TransientError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { log } from '../kernel/log';
import { funnel } from '../kernel/metrics';
import type { EmailLedger } from '../kernel/table/email-ledger';
import type { HireStore } from '../kernel/table/hires';
import type { HireHistory } from '../kernel/table/history';

/**
 * A bounce or complaint of an email to the person (invitation or reminder): the hire is BOUNCED, leaves the
 * reminder index, every setup link it has stops working (in the same write: a complaint means the email
 * reached someone who rejected it, so whoever holds a link may not be the person), and the admins get one
 * alert naming the address that failed; a re-invite sends a new link. An ESCALATED hire only loses its
 * links. Alerts to admins that bounce are logged, never turned into another alert.
 */
export interface EmailEventDeps {
  hires: Pick<HireStore, 'get' | 'move' | 'update'>;
  history: Pick<HireHistory, 'append'>;
  ledger: Pick<EmailLedger, 'confirmSent'>;
  mailer: Mailer;
  /** The chat channels of the admin alerts, when configured. */
  chat?: ChatNotifier;
  config: OnboardingConfig;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export type EmailEventOutcome =
  | 'bounced'
  | 'links-revoked'
  | 'soft-bounce'
  | 'not-ours'
  | 'admin-email'
  | 'ignored';

const PERSON_EMAILS = new Set(['invitation', 'reminder']);
// SES can report a bounce before the invitation step has written INVITED: look again a few times.
const INVITATION_SETTLE_TRIES = 3;
const INVITATION_SETTLE_MS = 1_000;

export async function recordEmailFeedback(
  deps: EmailEventDeps,
  feedback: EmailFeedback,
): Promise<{ outcome: EmailEventOutcome; hireId?: string; alerted?: boolean }> {
  if (!feedback.hireId) return { outcome: 'not-ours' };
  let hire = await deps.hires.get(feedback.hireId);
  if (!hire) return { outcome: 'not-ours' };
  const hireId = hire.hireId;
  const toPerson = feedback.emailKind
    ? PERSON_EMAILS.has(feedback.emailKind)
    : feedback.recipients.some((r) => r.toLowerCase() === hire!.person.email.toLowerCase());
  if (!toPerson) {
    log.warn('an admin email bounced or was marked as spam', {
      hireId,
      kind: feedback.emailKind,
      reason: feedback.reason,
    });
    return { outcome: 'admin-email', hireId };
  }
  const address =
    feedback.recipients.find((r) => r.toLowerCase() === hire!.person.email.toLowerCase()) ??
    feedback.recipients[0] ??
    hire.person.email;
  if (!feedback.permanent) {
    // SES has already retried; the next reminder may still arrive. Kept in the history only.
    await deps.history.append(hireId, {
      type: 'email-soft-bounce',
      stage: hire.stage,
      detail: { reason: feedback.reason, kind: feedback.emailKind },
    });
    return { outcome: 'soft-bounce', hireId };
  }

  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 0; hire.stage === 'PROVISIONING' && i < INVITATION_SETTLE_TRIES; i++) {
    await sleep(INVITATION_SETTLE_MS);
    hire = (await deps.hires.get(hireId)) ?? hire;
  }
  if (hire.stage === 'PROVISIONING') {
    // Thrown so the event is delivered again (EventBridge retries asynchronous Lambda invocations).
    throw new TransientError(`hire ${hireId} is not INVITED yet; the bounce is retried`);
  }

  const now = deps.clock.now().toISOString();
  try {
    hire = await deps.hires.move(hireId, {
      to: 'BOUNCED',
      set: {
        bounce: {
          type: feedback.type,
          reason: feedback.reason,
          address,
          at: now,
          ...(feedback.emailKind ? { emailKind: feedback.emailKind } : {}),
        },
        setupLinksRevokedAt: now,
      },
      due: null,
      event: {
        type: 'bounced',
        detail: { type: feedback.type, reason: feedback.reason, kind: feedback.emailKind },
      },
    });
    funnel.hireBounced();
  } catch (err) {
    if (!(err instanceof StageConflictError)) throw err;
    // BOUNCED already: a repeated event; alert below (the ledger sends it at most once).
    if (err.actual === 'ESCALATED') return revokeLinksOfEscalated(deps, hireId, feedback, now);
    if (err.actual !== 'BOUNCED') {
      log.info('bounce ignored in this stage', { hireId, actual: err.actual, type: feedback.type });
      return { outcome: 'ignored', hireId };
    }
    hire = (await deps.hires.get(hireId)) ?? hire;
  }
  const alerted = await alertBounce(deps, hire, feedback, address);
  log.warn('email to the person failed: hire BOUNCED', {
    hireId,
    type: feedback.type,
    reason: feedback.reason,
  });
  return { outcome: 'bounced', hireId, alerted };
}

/**
 * An ESCALATED hire stays ESCALATED (its admins were alerted; a re-invite is the way on), but a late bounce or
 * complaint of a reminder still turns its links off: someone who rejected the email may hold them.
 */
async function revokeLinksOfEscalated(
  deps: EmailEventDeps,
  hireId: string,
  feedback: EmailFeedback,
  now: string,
): Promise<{ outcome: EmailEventOutcome; hireId: string }> {
  try {
    await deps.hires.update(hireId, {
      stage: 'ESCALATED',
      set: { setupLinksRevokedAt: now },
      event: { type: 'setup-links-revoked', detail: { type: feedback.type, kind: feedback.emailKind } },
    });
  } catch (err) {
    // Moved on meanwhile (a re-invite, a login, a cancel): the new stage decides about its links.
    if (!(err instanceof StageConflictError)) throw err;
    return { outcome: 'ignored', hireId };
  }
  log.warn('email to an escalated hire failed: setup links revoked', { hireId, type: feedback.type });
  return { outcome: 'links-revoked', hireId };
}

/**
 * SES sent an email of ours: its send-once ledger entry is SENT. Normally the mailer marked it already; if
 * the sending attempt died between SES's answer and that write (a crash, a Lambda timeout), the entry was
 * left PENDING and a retry would have taken it over after a while and sent the email twice.
 */
export async function recordEmailSent(
  deps: { ledger: Pick<EmailLedger, 'confirmSent'> },
  sent: EmailSent,
): Promise<{ outcome: 'closed' | 'already-closed'; hireId: string }> {
  const closed = await deps.ledger.confirmSent(sent.hireId, sent.ledgerKey, sent.messageId);
  if (closed)
    log.warn('ledger entry closed by the SES send event', { hireId: sent.hireId, ledgerKey: sent.ledgerKey });
  return { outcome: closed ? 'closed' : 'already-closed', hireId: sent.hireId };
}

async function alertBounce(
  deps: EmailEventDeps,
  hire: HireRecord,
  feedback: EmailFeedback,
  address: string,
): Promise<boolean> {
  const email = await renderAlertEmail('alert-bounced', adminEmailContext(deps.config), {
    hire: { hireId: hire.hireId, employeeId: hire.person.employeeId, stage: hire.stage, email: address },
    what: feedback.type,
    detail: `${feedback.reason} (${feedback.emailKind ?? 'email'})`,
  });
  return alertAdmins(deps, hire.hireId, `alert-bounced#${hire.invitationCount ?? 1}`, email);
}
