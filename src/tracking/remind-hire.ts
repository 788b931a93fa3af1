import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import { findDirectory } from '../kernel/config/load';
import { adminEmailContext, hireEmailContext } from '../kernel/email/context';
import { networkPageUrl } from '../kernel/email/links';
import type { OutgoingEmail } from '../kernel/email/mailer';
import { DirectoryNotFoundError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { clientPlatforms, offersPasswordSetup, type SignIn } from '../kernel/hire/sign-in';
import { WAITING_FOR_USER_STAGES } from '../kernel/hire/stages';
import type { DirectoryInfo } from '../kernel/hire/workspace';
import { funnel } from '../kernel/metrics';
import { renderReminderEmail } from './emails/reminder-emails';
import type { ReminderDeps, ReminderReport } from './ports';
import { nextStepDueAt, planNextStep, type ReminderKind } from './reminders';
import { hireSignIn, reminderPasswordSetup, reminderSchedule } from './schedule';
import { type SetupLink, sendWithSetupLink } from './setup-link';

/**
 * One due hire of the reminder run: a reminder inside the person's business hours, a later date, or, after the
 * last reminder, ESCALATED with one alert to the admins (and the manager).
 */
export async function handleDueHire(
  deps: ReminderDeps,
  hireId: string,
  report: ReminderReport,
): Promise<void> {
  // The index is eventually consistent: decide on a consistent read of the hire.
  const hire = await deps.hires.get(hireId);
  if (!hire) return;
  const now = deps.clock.now();
  if (hire.stage === 'ESCALATED') {
    // Escalated by an earlier run whose alert may not have gone out: the ledger sends it at most once.
    await sendEscalationAlert(deps, hire);
    await deps.hires.update(hire.hireId, { stage: 'ESCALATED', due: null });
    return;
  }
  if (!WAITING_FOR_USER_STAGES.includes(hire.stage) || !hire.invitedAt) {
    await deps.hires.update(hire.hireId, { stage: hire.stage, due: null });
    report.released++;
    return;
  }

  const invitation = hire.invitationCount ?? 1;
  const sent = hire.reminders?.invitation === invitation ? hire.reminders.sent : 0;
  const lastAt = hire.reminders?.invitation === invitation ? hire.reminders.lastAt : undefined;
  const directory = await deps.workspaces.forDirectory(hire.directoryId).describeDirectory(hire.directoryId);
  if (!directory?.registrationCode) {
    throw new DirectoryNotFoundError(`directory ${hire.directoryId} is not registered with WorkSpaces`);
  }
  // The directory as it is now: a switch to SAML 2.0 after the invitation stops the password reminders.
  const signIn = hireSignIn(deps.config, hire.directoryId, directory);
  const passwordSetup = reminderPasswordSetup(signIn);
  const timeZone = hire.person.timeZone ?? deps.config.defaults.timeZone;
  const step = {
    invitedAt: new Date(hire.invitedAt),
    remindersSent: sent,
    lastReminderAt: lastAt ? new Date(lastAt) : undefined,
    timeZone,
    schedule: reminderSchedule(deps.config, hire),
  };
  const plan = planNextStep({ ...step, stage: hire.stage, passwordSetup, now });

  switch (plan.action) {
    case 'stop':
      await deps.hires.update(hire.hireId, { stage: hire.stage, due: null });
      report.released++;
      return;
    case 'wait':
      await deps.hires.update(hire.hireId, {
        stage: hire.stage,
        due: { at: plan.until.toISOString() },
        expectVersion: hire.version,
      });
      report.rescheduled++;
      return;
    case 'remind': {
      const hosted = plan.kind === 'reminder-password';
      const sent = await sendWithSetupLink(deps, {
        hire,
        ledgerKey: `reminder#${invitation}#${plan.number}`,
        to: hire.person.email,
        // A password reminder carries a fresh link (only the hash is ever stored) with a full lifetime.
        setupLink: hosted,
        now,
        expectVersion: hire.version,
        render: (link) =>
          reminderEmail(deps, hire, directory, plan.kind, plan.number, signIn, link, {
            ...step,
            remindersSent: plan.number,
            lastReminderAt: now,
          }),
      });
      if (sent.outcome === 'in-progress') {
        report.busy++;
        return;
      }
      const next = nextStepDueAt({ ...step, remindersSent: plan.number, lastReminderAt: now });
      await deps.hires.update(hire.hireId, {
        stage: hire.stage,
        set: { reminders: { invitation, sent: plan.number, lastAt: now.toISOString() } },
        due: { at: next.toISOString() },
        expectVersion: sent.hire.version,
        event: {
          type: 'reminded',
          detail: { reminder: plan.number, kind: plan.kind, sent: sent.outcome === 'sent' },
        },
      });
      if (sent.outcome === 'sent') {
        report.reminded++;
        funnel.reminderSent();
      }
      return;
    }
    case 'escalate': {
      // Stays on the index (due now) until the alert is out, so a crash in between is retried.
      const escalated = await deps.hires.move(hire.hireId, {
        to: 'ESCALATED',
        from: [hire.stage],
        set: { escalatedAt: now.toISOString() },
        due: { at: now.toISOString() },
        expectVersion: hire.version,
        event: { type: 'escalated', detail: { reminders: sent, from: hire.stage } },
      });
      funnel.hireEscalated();
      await sendEscalationAlert(deps, { ...escalated, stage: hire.stage });
      await deps.hires.update(hire.hireId, { stage: 'ESCALATED', due: null });
      report.escalated++;
      return;
    }
  }
}

/** A reminder for this stage; a password reminder carries the fresh link made for it. */
async function reminderEmail(
  deps: ReminderDeps,
  hire: HireRecord,
  directory: DirectoryInfo,
  kind: ReminderKind,
  number: number,
  signIn: SignIn,
  link: SetupLink | undefined,
  after: Parameters<typeof nextStepDueAt>[0],
): Promise<OutgoingEmail> {
  let setupUrl = link?.url;
  // A password reminder's deadline is its link's; otherwise "please sign in by": when the admins are told.
  const actBy =
    link?.actBy ?? nextStepDueAt({ ...after, remindersSent: deps.config.reminders.afterDays.length });
  // The connect reminder shows no password step; the renderer still wants a URL for hosted directories.
  const hostedPage = offersPasswordSetup(signIn);
  if (!setupUrl && hostedPage) setupUrl = `${deps.publicBaseUrl.replace(/\/$/, '')}/setup`;
  const configured = findDirectory(deps.config, hire.directoryId);
  const ctx = hireEmailContext(deps.config, { ...hire.person, directoryId: hire.directoryId });
  const region = deps.regionOf(hire.directoryId);
  const email = await renderReminderEmail(kind, ctx, {
    person: hire.person,
    directory: {
      type: directory.directoryType ?? configured?.type ?? 'SIMPLE_AD',
      registrationCode: directory.registrationCode!,
      ...(directory.alias ? { alias: directory.alias } : {}),
    },
    passwordSetup: hostedPage ? 'hosted' : 'company-password',
    signIn,
    clients: clientPlatforms(directory.deviceAccess, hire.protocol),
    ...(setupUrl ? { setupUrl } : {}),
    workspace: { id: hire.workspaceId ?? '', protocol: hire.protocol },
    network: { region, pageUrl: networkPageUrl(deps.publicBaseUrl, region, hire.protocol, ctx.locale) },
    actBy,
    startDate: hire.person.startDate,
    reminderNumber: number,
  });
  return {
    to: [hire.person.email],
    subject: email.subject,
    html: email.html,
    text: email.text,
    tags: { locale: email.locale, reminder: String(number) },
  };
}

/** To the admins and, when known, the manager: who is stuck, at which step, and what to do. */
async function sendEscalationAlert(deps: ReminderDeps, hire: HireRecord): Promise<void> {
  const invitation = hire.invitationCount ?? 1;
  const email = await renderAlertEmail('alert-escalated', adminEmailContext(deps.config), {
    hire: {
      hireId: hire.hireId,
      employeeId: hire.person.employeeId,
      stage: hire.stage,
      email: hire.person.email,
    },
    what: 'RemindersExhausted',
    detail: `${hire.reminders?.sent ?? 0} reminders sent since ${hire.invitedAt ?? 'the invitation'}`,
  });
  await alertAdmins(deps, hire.hireId, `alert-escalated#${invitation}`, email, {
    also: hire.person.managerEmail ? [hire.person.managerEmail] : [],
  });
}
