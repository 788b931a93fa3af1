import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import { hireEmailContext } from '../kernel/email/context';
import type { Mailer } from '../kernel/email/mailer';
import {
  SesQuotaExceededError,
  SesThrottledError,
  StageConflictError,
  VersionConflictError,
} from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { describeError, log } from '../kernel/log';
import type { HireStore } from '../kernel/table/hires';
import type { ReadyIndex } from '../kernel/table/indexes';
import type { WorkspacesApi, WorkspacesRegions } from '../kernel/workspaces-api';
import { readinessOf } from './readiness';
import { hireSignIn, reminderPasswordSetup, startOfDay } from './schedule';

export { readinessDueAt } from './schedule';

/**
 * The readiness check (docs/admin-guide.md, "Readiness check"): a few business days before a hire's start date, one
 * email to the manager (and the admins when configured) in the manager's language. The hire carries when
 * it is due on the sparse `ready` index; the reminder run sends the ones due (a Query, never a Scan), once
 * per hire and start date (the send-once ledger), and takes the hire off the index.
 */
export interface ReadinessDeps {
  hires: Pick<HireStore, 'get' | 'update'>;
  readyIndex: ReadyIndex;
  mailer: Mailer;
  clock: Clock;
  config: OnboardingConfig;
  /** The directory as it is now: how people sign in decides whether "sign-in set up" can be known. */
  workspaces: WorkspacesRegions<Pick<WorkspacesApi, 'describeDirectory'>>;
}

export interface ReadinessRunReport {
  sent: number;
  skipped: number;
  failed: number;
}

const MAX_PER_RUN = 500;

export async function runReadinessChecks(
  deps: ReadinessDeps,
  hasTime: () => boolean,
): Promise<ReadinessRunReport> {
  const report: ReadinessRunReport = { sent: 0, skipped: 0, failed: 0 };
  const due = await deps.readyIndex.listDue(deps.clock.now().toISOString(), MAX_PER_RUN);
  for (const hireId of due) {
    if (!hasTime()) break;
    try {
      const outcome = await checkOne(deps, hireId);
      if (outcome === 'sent') report.sent++;
      else if (outcome === 'skipped') report.skipped++;
    } catch (err) {
      // Stays on the index: the next run tries again on a fresh read, and the ledger keeps it to one email.
      if (err instanceof StageConflictError || err instanceof VersionConflictError) {
        log.info('readiness: hire moved on meanwhile', { hireId, error: err.name });
      } else if (err instanceof SesThrottledError || err instanceof SesQuotaExceededError) {
        log.info('readiness: email held back by SES, the next run sends it', { hireId, error: err.name });
      } else {
        report.failed++;
        log.error('readiness: check failed', { hireId, error: describeError(err) });
      }
    }
  }
  return report;
}

async function checkOne(deps: ReadinessDeps, hireId: string): Promise<'sent' | 'skipped' | 'gone'> {
  const hire = await deps.hires.get(hireId);
  if (!hire) return 'gone';
  const now = deps.clock.now();
  const done = (type: string, detail: Record<string, unknown>) =>
    deps.hires.update(hire.hireId, { stage: hire.stage, ready: null, event: { type, detail } });
  if (hire.stage === 'CANCELLED') {
    await deps.hires.update(hire.hireId, { stage: hire.stage, ready: null });
    return 'skipped';
  }
  const { startDate, timeZone } = hire.person;
  // Once the first day has begun the check tells nobody anything new.
  if (now.getTime() >= startOfDay(startDate, timeZone)) {
    await done('readiness-skipped', { reason: 'start-date-begun', startDate });
    return 'skipped';
  }
  const to = recipients(deps.config, hire);
  if (!to.length) {
    await done('readiness-skipped', { reason: 'no-recipient', startDate });
    return 'skipped';
  }
  const directory = await deps.workspaces.forDirectory(hire.directoryId).describeDirectory(hire.directoryId);
  // Only a password set on our page can be seen; any other sign-in (company password, SAML, certificates,
  // IAM Identity Center, a directory WorkSpaces no longer knows) is "not known here".
  const passwordSetup = directory
    ? reminderPasswordSetup(hireSignIn(deps.config, hire.directoryId, directory))
    : 'company-password';
  const report = readinessOf(hire, passwordSetup);
  const locale = hire.person.managerLocale ?? deps.config.defaults.locale;
  // A few emails a day at most: loaded on first use, off the reminder run's cold start (docs/decisions.md).
  const { renderReadinessEmail } = await import('./emails/readiness-email');
  // The manager reads it in their language; its support contact is the hire's.
  const ctx = hireEmailContext(deps.config, {
    locale,
    timeZone,
    country: hire.person.country,
    directoryId: hire.directoryId,
  });
  const email = await renderReadinessEmail(ctx, { person: hire.person, startDate, report });
  await deps.mailer.sendOnce(hire.hireId, `readiness#${startDate}`, {
    to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    tags: { locale: email.locale, verdict: report.verdict },
  });
  await done('readiness-sent', { verdict: report.verdict, startDate, actions: report.actions });
  return 'sent';
}

function recipients(config: OnboardingConfig, hire: HireRecord): string[] {
  const to = hire.person.managerEmail ? [hire.person.managerEmail] : [];
  if (config.readinessCheck.copyAdmins) to.push(...config.email.adminAddresses);
  return [...new Set(to.map((a) => a.toLowerCase()))].map(
    (lower) => to.find((a) => a.toLowerCase() === lower)!,
  );
}
