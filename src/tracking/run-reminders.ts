import { type SetupLink, sendWithSetupLink } from '../invitations/setup-link';
import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import type { Clock } from '../kernel/clock';
import { findDirectory, type OnboardingConfig } from '../kernel/config/load';
import { adminEmailContext, hireEmailContext } from '../kernel/email/context';
import { networkPageUrl } from '../kernel/email/links';
import type { Mailer, OutgoingEmail } from '../kernel/email/mailer';
import {
  DirectoryNotFoundError,
  StageConflictError,
  TransientError,
  VersionConflictError,
} from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { clientPlatforms, offersPasswordSetup, type SignIn } from '../kernel/hire/sign-in';
import { WAITING_FOR_USER_STAGES } from '../kernel/hire/stages';
import type { ConnectionStatus, DirectoryInfo } from '../kernel/hire/workspace';
import { describeError, log } from '../kernel/log';
import { funnel } from '../kernel/metrics';
import type { HireStore } from '../kernel/table/hires';
import type { DueIndex } from '../kernel/table/indexes';
import type { SetupTokens } from '../kernel/table/setup-tokens';
import type { WorkspaceOwners } from '../kernel/table/workspace-owners';
import type { WorkspacesApi, WorkspacesRegions } from '../provisioning/ports';
import { renderReminderEmail } from './emails/reminder-emails';
import { type ReadinessDeps, type ReadinessRunReport, runReadinessChecks } from './readiness-check';
import { recordFirstLogin } from './record-login';
import { nextStepDueAt, planNextStep, type ReminderKind } from './reminders';
import { hireSignIn, reminderPasswordSetup, reminderSchedule } from './schedule';

/**
 * One reminder run (scheduled). Reads only the hires that are due from the sparse `due` index, first asks
 * WorkSpaces (25 IDs a call) whether any of them has signed in meanwhile (the fallback for a missed login
 * event), then reminds per stage inside the person's business hours, or escalates after the last reminder.
 * Every email goes through the send-once ledger and every hire write expects the version it read, so two
 * runs at once send each reminder once. A run that is running out of time stops; the next run continues.
 */
export interface ReminderDeps extends ReadinessDeps {
  hires: Pick<HireStore, 'get' | 'move' | 'update'>;
  setupTokens: Pick<SetupTokens, 'put'>;
  dueIndex: DueIndex;
  workspaceOwners: Pick<WorkspaceOwners, 'find'>;
  mailer: Mailer;
  workspaces: WorkspacesRegions<Pick<WorkspacesApi, 'describeConnectionStatus' | 'describeDirectory'>>;
  clock: Clock;
  config: OnboardingConfig;
  publicBaseUrl: string;
  /** The AWS Region of a directory's WorkSpaces: the network section links that Region's allowlist page. */
  regionOf: (directoryId: string) => string;
}

export interface ReminderReport {
  due: number;
  /** Index items read: with a sparse index this stays at about one per due hire. */
  itemsRead: number;
  activated: number;
  reminded: number;
  escalated: number;
  rescheduled: number;
  /** Hires taken off the index (no longer waiting for the person). */
  released: number;
  /** Another run holds the hire's email claim right now; the next run looks again. */
  busy: number;
  failed: number;
  stoppedEarly: boolean;
  /** Readiness checks to managers sent, skipped or failed in this run (after the connection checks). */
  readiness: ReadinessRunReport;
}

// Room left after the last hire of a run for its writes.
const SAFETY_MARGIN_MS = 5_000;
// One run handles at most this many due hires; the rest stay due for the next run.
const MAX_HIRES_PER_RUN = 2_000;

export async function runReminders(deps: ReminderDeps, remainingMs: () => number): Promise<ReminderReport> {
  const report: ReminderReport = {
    due: 0,
    itemsRead: 0,
    activated: 0,
    reminded: 0,
    escalated: 0,
    rescheduled: 0,
    released: 0,
    busy: 0,
    failed: 0,
    stoppedEarly: false,
    readiness: { sent: 0, skipped: 0, failed: 0 },
  };
  const hasTime = () => {
    const ok = remainingMs() > SAFETY_MARGIN_MS;
    if (!ok) report.stoppedEarly = true;
    return ok;
  };
  await remindDue(deps, report, hasTime);
  // After the connection checks: a check sent in this run already knows who has signed in.
  report.readiness = await runReadinessChecks(deps, hasTime);
  return report;
}

async function remindDue(deps: ReminderDeps, report: ReminderReport, hasTime: () => boolean) {
  const { hires: due, itemsRead } = await deps.dueIndex.listDue(
    deps.clock.now().toISOString(),
    MAX_HIRES_PER_RUN,
  );
  report.due = due.length;
  report.itemsRead = itemsRead;
  if (!due.length) return;

  const signedIn = await checkConnections(deps, due, report, hasTime);
  if (!signedIn) return;
  for (const listed of due) {
    if (signedIn.has(listed.hireId)) continue;
    if (!hasTime()) break;
    try {
      await handleDueHire(deps, listed.hireId, report);
    } catch (err) {
      if (err instanceof StageConflictError || err instanceof VersionConflictError) {
        log.info('reminders: hire moved on meanwhile', { hireId: listed.hireId, error: err.name });
      } else if (err instanceof TransientError) {
        report.busy++;
      } else {
        report.failed++;
        log.error('reminders: hire step failed', { hireId: listed.hireId, error: describeError(err) });
      }
    }
  }
}

/** Marks ACTIVE whoever has connected at least once; undefined when WorkSpaces could not be asked. */
async function checkConnections(
  deps: ReminderDeps,
  due: HireRecord[],
  report: ReminderReport,
  hasTime: () => boolean,
): Promise<Set<string> | undefined> {
  const waiting = due.filter((h) => WAITING_FOR_USER_STAGES.includes(h.stage) && h.workspaceId);
  const byWorkspace = new Map(waiting.map((h) => [h.workspaceId!, h.hireId]));
  const signedIn = new Set<string>();
  if (!byWorkspace.size) return signedIn;
  if (!hasTime()) return undefined;
  // One batch per Region: forDirectory gives every directory of a Region the same API.
  const byRegion = new Map<ReturnType<ReminderDeps['workspaces']['forDirectory']>, string[]>();
  for (const hire of waiting) {
    const api = deps.workspaces.forDirectory(hire.directoryId);
    byRegion.set(api, [...(byRegion.get(api) ?? []), hire.workspaceId!]);
  }
  const statuses: ConnectionStatus[] = [];
  try {
    for (const [api, ids] of byRegion) statuses.push(...(await api.describeConnectionStatus(ids)));
  } catch (err) {
    // Reminding without knowing who has signed in could nag people who are done: try again next run.
    report.failed++;
    report.stoppedEarly = true;
    log.error('reminders: connection status unavailable', { error: describeError(err) });
    return undefined;
  }
  for (const status of statuses) {
    const hireId = byWorkspace.get(status.workspaceId);
    if (!hireId || !status.lastConnectedAt) continue;
    signedIn.add(hireId);
    const result = await recordFirstLogin(deps, {
      hireId,
      workspaceId: status.workspaceId,
      loginTime: status.lastConnectedAt.toISOString(),
      via: 'connection-status',
    });
    if (result.outcome === 'activated') report.activated++;
  }
  return signedIn;
}

async function handleDueHire(deps: ReminderDeps, hireId: string, report: ReminderReport): Promise<void> {
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
