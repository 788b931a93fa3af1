/**
 * The stages of a hire and which moves between them are legal (docs/stages.md says who makes each one).
 * Every stage write is a conditional write on the expected current stage; `allowedFrom(to)` gives that
 * expectation, and the store refuses a move this table does not list (src/kernel/table/hire-write.ts).
 */
import { InvalidTransitionError } from '../errors';

export { InvalidTransitionError } from '../errors';

import { STAGES, type Stage } from './names';

export { STAGES, type Stage } from './names';

/** Nothing follows these. */
export const FINAL_STAGES: readonly Stage[] = ['ACTIVE', 'CANCELLED'];

/** Each of these alerts an admin once and waits for a re-invite, a retry or a cancel. */
export const ADMIN_STAGES: readonly Stage[] = ['FAILED', 'BOUNCED', 'ESCALATED'];

/** Stages in which the person has an invitation and the reminder sweep may nudge them. */
export const WAITING_FOR_USER_STAGES: readonly Stage[] = ['INVITED', 'PASSWORD_SET'];

const TRANSITIONS: Readonly<Record<Stage, readonly Stage[]>> = {
  // Provisioning date reached; FAILED if the workflow breaks before queueing.
  RECEIVED: ['QUEUED', 'FAILED', 'CANCELLED'],
  // CreateWorkspaces accepted (PENDING) or rejected. RECEIVED: rescheduled, HR moved the start date while
  // the hire waited in the queue and no WorkSpace was requested yet (a new execution waits for the new date).
  QUEUED: ['PROVISIONING', 'RECEIVED', 'FAILED', 'CANCELLED'],
  // AVAILABLE and invitation sent, or ERROR / timeout / invitation could not be sent.
  PROVISIONING: ['INVITED', 'FAILED', 'CANCELLED'],
  // INVITED → INVITED is a re-invite. ACTIVE straight away with AD Connector (no password step).
  INVITED: ['INVITED', 'PASSWORD_SET', 'ACTIVE', 'BOUNCED', 'ESCALATED', 'CANCELLED'],
  // A reminder may bounce; "never connected" reminders may run out; an admin may re-invite.
  PASSWORD_SET: ['ACTIVE', 'INVITED', 'BOUNCED', 'ESCALATED', 'CANCELLED'],
  ACTIVE: [],
  // An admin's re-invite or adoption provisions again from the start, under a new execution.
  FAILED: ['RECEIVED', 'CANCELLED'],
  // Re-invite with a corrected email. The person may still act on an earlier message that did arrive.
  BOUNCED: ['INVITED', 'PASSWORD_SET', 'ACTIVE', 'CANCELLED'],
  // Re-invite; a late password setup or login still counts.
  ESCALATED: ['INVITED', 'PASSWORD_SET', 'ACTIVE', 'CANCELLED'],
  CANCELLED: [],
};

const STAGE_SET: ReadonlySet<string> = new Set(STAGES);

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && STAGE_SET.has(value);
}

export function isFinalStage(stage: Stage): boolean {
  return FINAL_STAGES.includes(stage);
}

export function canTransition(from: Stage, to: Stage): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

/** The stages a hire may be in for a move to `to`: the condition of the conditional write. */
export function allowedFrom(to: Stage): Stage[] {
  return STAGES.filter((from) => TRANSITIONS[from].includes(to));
}

/** Stages reachable from `from` in one move. */
export function allowedTo(from: Stage): Stage[] {
  return [...(TRANSITIONS[from] ?? [])];
}

export function assertTransition(from: Stage, to: Stage, hireId?: string): void {
  if (!canTransition(from, to)) {
    throw new InvalidTransitionError(hireId === undefined ? { from, to } : { from, to, hireId });
  }
}
