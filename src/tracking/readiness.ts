/**
 * The readiness check: a few business days before a hire's start date, the manager learns whether the new
 * person can work on day one. Pure rules: when the check is due, and what it says.
 */
import { type BusinessHours, instantOfWallTime, minutesOf } from '../kernel/calendar/business-hours';
import { type WorkCalendar, workDaysBefore } from '../kernel/calendar/calendar';
import type { HireRecord } from '../kernel/hire/record';

const MINUTE_MS = 60_000;

/**
 * When the check goes out: `businessDaysBefore` working days (calendar.ts: weekdays without holidays and
 * closures) before the start date, at the opening of business hours, in the hire's time zone. With 2 and a
 * Monday start on a Monday–Friday week that is the Thursday before, 09:00 local.
 */
export function readinessTime(input: {
  startDate: string;
  timeZone: string;
  hours: BusinessHours;
  calendar: WorkCalendar;
  businessDaysBefore: number;
}): Date {
  const { startDate, timeZone, hours, calendar, businessDaysBefore } = input;
  const day = workDaysBefore(calendar, Date.parse(`${startDate}T00:00:00Z`), businessDaysBefore);
  return new Date(instantOfWallTime(day + minutesOf(hours.start) * MINUTE_MS, timeZone));
}

/** `ok`, `not-yet` (what to do says how to get there), or `n/a` where the product cannot know. */
export type CheckState = 'ok' | 'not-yet' | 'n/a';

export interface ReadinessReport {
  verdict: 'ready' | 'at-risk';
  workspaceAvailable: CheckState;
  invitationDelivered: CheckState;
  signInSetUp: CheckState;
  firstConnection: CheckState;
  /** What to do, one item per check that is not ok, in the order above. */
  actions: ReadinessAction[];
}

export type ReadinessAction =
  | 'wait-for-provisioning'
  | 'admin-look-at-failure'
  | 'fix-email-address'
  | 'ask-to-set-password'
  | 'ask-to-sign-in-once';

const PROVISIONED: readonly HireRecord['stage'][] = ['INVITED', 'PASSWORD_SET', 'ACTIVE', 'ESCALATED'];

/**
 * What the check says of a hire. Sign-in is known only where the person sets a directory password on our
 * page (`hosted`): PASSWORD_SET or a first connection; with the company password (AD Connector) it is n/a.
 * "Ready" needs the WorkSpace, the delivered invitation and sign-in set up (or n/a); a first connection is
 * reported but not required: many people connect for the first time on day one.
 */
export function readinessOf(
  hire: Pick<HireRecord, 'stage' | 'workspaceId' | 'invitedAt' | 'passwordSetAt' | 'activeAt' | 'bounce'>,
  passwordSetup: 'hosted' | 'company-password',
): ReadinessReport {
  const failed = hire.stage === 'FAILED';
  const workspaceAvailable: CheckState =
    PROVISIONED.includes(hire.stage) || hire.stage === 'BOUNCED' ? 'ok' : 'not-yet';
  const invitationDelivered: CheckState = hire.stage === 'BOUNCED' || !hire.invitedAt ? 'not-yet' : 'ok';
  const connected = hire.stage === 'ACTIVE' || hire.activeAt !== undefined;
  const signInSetUp: CheckState =
    passwordSetup === 'company-password'
      ? 'n/a'
      : connected || hire.passwordSetAt !== undefined
        ? 'ok'
        : 'not-yet';
  const firstConnection: CheckState = connected ? 'ok' : 'not-yet';
  const actions: ReadinessAction[] = [];
  if (workspaceAvailable !== 'ok') actions.push(failed ? 'admin-look-at-failure' : 'wait-for-provisioning');
  if (workspaceAvailable === 'ok' && invitationDelivered !== 'ok') actions.push('fix-email-address');
  if (invitationDelivered === 'ok' && signInSetUp === 'not-yet') actions.push('ask-to-set-password');
  if (invitationDelivered === 'ok' && firstConnection !== 'ok') actions.push('ask-to-sign-in-once');
  const ready = workspaceAvailable === 'ok' && invitationDelivered === 'ok' && signInSetUp !== 'not-yet';
  return {
    verdict: ready ? 'ready' : 'at-risk',
    workspaceAvailable,
    invitationDelivered,
    signInSetUp,
    firstConnection,
    actions,
  };
}
