/**
 * HR changes to a known hire (`employee.updated`, or `employee.hired` sent again with other content), by
 * stage. The body is the whole record: an optional field left out means the configured default, exactly as
 * on the first delivery. Pure rules; src/intake/apply-hr-change.ts carries them out.
 *
 * Before the WorkSpace exists every field applies (a moved start date re-schedules provisioning, a new user
 * name or directory is claimed). After it, the WorkSpace is bound to its directory user: a user name or
 * directory change is refused (409, and the admins are told once); everything else is stored, and a new
 * email gets a fresh invitation where the person has one.
 */
import { INVITE_AGAIN_FROM } from '../kernel/hire/actions';
import type { Hire } from '../kernel/hire/hire';
import { HR_FIELDS, type HrField } from '../kernel/hire/hire';
import type { HireRecord } from '../kernel/hire/record';
import type { Stage } from '../kernel/hire/stages';
import { userNameKey } from '../kernel/hire/user-name';

export { HR_FIELDS, type HrField } from '../kernel/hire/hire';

/** Fields that name the directory account the WorkSpace belongs to. */
export const ACCOUNT_FIELDS: readonly HrField[] = ['userName', 'directoryId'];

/** A hire as HR describes it: the person (defaults applied) and the directory. */
export interface HrRecord {
  person: Hire;
  directoryId: string;
}

// Addresses and sAMAccountNames are compared without regard to case, as mail servers and AD do.
const CASE_INSENSITIVE: ReadonlySet<HrField> = new Set(['email', 'managerEmail', 'userName']);

/** The fields whose values differ, in HR_FIELDS order. */
export function changedFields(stored: HrRecord, incoming: HrRecord): HrField[] {
  const value = (record: HrRecord, field: HrField): string | undefined => {
    const raw = field === 'directoryId' ? record.directoryId : record.person[field];
    if (raw === undefined) return undefined;
    return CASE_INSENSITIVE.has(field) ? (field === 'userName' ? userNameKey(raw) : raw.toLowerCase()) : raw;
  };
  return HR_FIELDS.filter((field) => value(stored, field) !== value(incoming, field));
}

/**
 * Where a hire is for HR changes. `before-workspace`: no WorkSpace was requested yet (RECEIVED, QUEUED before
 * CreateWorkspaces, FAILED without one). `after-workspace`: one exists or may exist. `finished`: CANCELLED.
 */
export type ChangePhase = 'before-workspace' | 'after-workspace' | 'finished';

export function changePhase(
  hire: Pick<HireRecord, 'stage' | 'workspaceId' | 'createRequestedAt'>,
): ChangePhase {
  switch (hire.stage) {
    case 'CANCELLED':
      return 'finished';
    case 'RECEIVED':
      return 'before-workspace';
    case 'QUEUED':
    case 'FAILED':
      return hire.workspaceId || hire.createRequestedAt ? 'after-workspace' : 'before-workspace';
    default:
      return 'after-workspace';
  }
}

/** Stages in which a workflow execution waits for the provisioning date (and can be re-scheduled). */
const WAITING_FOR_DATE: readonly Stage[] = ['RECEIVED', 'QUEUED'];

export type HrChangePlan =
  | { kind: 'unchanged' }
  /** CANCELLED: nothing changes any more; a different record is refused (409), without an alert. */
  | { kind: 'finished'; changed: HrField[] }
  /** The WorkSpace exists: a new user name or directory is refused (409) and the admins are told once. */
  | { kind: 'refused'; changed: HrField[]; refused: HrField[] }
  | {
      kind: 'apply';
      changed: HrField[];
      /** The user name or directory moves: claim the new name, then release the old one. */
      reclaim: boolean;
      /** The bundle follows department and job title while no WorkSpace exists. */
      rebundle: boolean;
      /** A workflow waits for the provisioning date: a new date needs a new execution. */
      mayReschedule: boolean;
      /** The person has an invitation: a new email gets a fresh one (the old link stops). */
      reinvite: boolean;
    };

/**
 * The fields that decide the provisioning and readiness days: the date, the zone, and whose calendar
 * (the country, else the directory's; src/kernel/calendar/calendar.ts).
 */
export const SCHEDULE_FIELDS: readonly HrField[] = ['startDate', 'timeZone', 'country', 'directoryId'];

export function planHrChange(
  hire: Pick<HireRecord, 'stage' | 'workspaceId' | 'createRequestedAt'>,
  changed: HrField[],
): HrChangePlan {
  if (changed.length === 0) return { kind: 'unchanged' };
  const phase = changePhase(hire);
  if (phase === 'finished') return { kind: 'finished', changed };
  const before = phase === 'before-workspace';
  if (!before) {
    const refused = changed.filter((f) => ACCOUNT_FIELDS.includes(f));
    if (refused.length > 0) return { kind: 'refused', changed, refused };
  }
  const has = (...fields: HrField[]) => fields.some((f) => changed.includes(f));
  return {
    kind: 'apply',
    changed,
    reclaim: before && has('userName', 'directoryId'),
    rebundle: before && has('department', 'jobTitle'),
    mayReschedule: before && WAITING_FOR_DATE.includes(hire.stage) && has(...SCHEDULE_FIELDS),
    reinvite: has('email') && !!hire.workspaceId && INVITE_AGAIN_FROM.includes(hire.stage),
  };
}

/**
 * A new provisioning time needs a new execution unless both the old and the new one are due already (the
 * workflow is past its Wait or about to be: nothing to gain, a queue place to lose).
 */
export function needsReschedule(oldProvisionAt: string, newProvisionAt: string, nowMs: number): boolean {
  if (oldProvisionAt === newProvisionAt) return false;
  return !(Date.parse(oldProvisionAt) <= nowMs && Date.parse(newProvisionAt) <= nowMs);
}
