import { describe, expect, it } from 'vitest';
import {
  ADMIN_STAGES,
  allowedFrom,
  allowedTo,
  assertTransition,
  canTransition,
  FINAL_STAGES,
  InvalidTransitionError,
  isFinalStage,
  isStage,
  STAGES,
  type Stage,
} from '../../src/kernel/hire/stages';

describe('hire stages', () => {
  it('follow the happy path of a Simple AD hire', () => {
    const path: Stage[] = ['RECEIVED', 'QUEUED', 'PROVISIONING', 'INVITED', 'PASSWORD_SET', 'ACTIVE'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!), path[i]).toBe(true);
  });

  it('let an AD Connector hire become ACTIVE straight from INVITED (no password step)', () => {
    expect(canTransition('INVITED', 'ACTIVE')).toBe(true);
  });

  it('never skip provisioning', () => {
    expect(canTransition('RECEIVED', 'PROVISIONING')).toBe(false);
    expect(canTransition('RECEIVED', 'INVITED')).toBe(false);
    expect(canTransition('QUEUED', 'INVITED')).toBe(false);
    expect(canTransition('PROVISIONING', 'ACTIVE')).toBe(false);
  });

  it('never go backwards on the happy path', () => {
    expect(canTransition('PROVISIONING', 'RECEIVED')).toBe(false);
    expect(canTransition('PROVISIONING', 'QUEUED')).toBe(false);
    expect(canTransition('PASSWORD_SET', 'PASSWORD_SET')).toBe(false);
    expect(canTransition('INVITED', 'PROVISIONING')).toBe(false);
  });

  it('go back from the queue to waiting only when HR moves the start date (rescheduled)', () => {
    expect(canTransition('QUEUED', 'RECEIVED')).toBe(true);
    expect(canTransition('RECEIVED', 'RECEIVED')).toBe(false);
  });

  it('allow a failed hire to be provisioned again from the start only (a re-invite or an adoption)', () => {
    expect(allowedTo('FAILED').sort()).toEqual(['CANCELLED', 'RECEIVED']);
  });

  it('allow re-invites: again from INVITED, after a bounce with a new email, after escalation', () => {
    expect(canTransition('INVITED', 'INVITED')).toBe(true);
    expect(canTransition('BOUNCED', 'INVITED')).toBe(true);
    expect(canTransition('ESCALATED', 'INVITED')).toBe(true);
  });

  it('still count a login that arrives after an escalation', () => {
    expect(canTransition('ESCALATED', 'ACTIVE')).toBe(true);
    expect(canTransition('ESCALATED', 'PASSWORD_SET')).toBe(true);
  });

  it('send a hire to an admin from the stages where that can happen', () => {
    expect(allowedFrom('FAILED').sort()).toEqual(['PROVISIONING', 'QUEUED', 'RECEIVED']);
    expect(allowedFrom('BOUNCED').sort()).toEqual(['INVITED', 'PASSWORD_SET']);
    expect(allowedFrom('ESCALATED').sort()).toEqual(['INVITED', 'PASSWORD_SET']);
    expect(ADMIN_STAGES).toEqual(['FAILED', 'BOUNCED', 'ESCALATED']);
  });

  it('can cancel from every non-final stage and from no final one', () => {
    for (const stage of STAGES) {
      expect(canTransition(stage, 'CANCELLED'), stage).toBe(!isFinalStage(stage));
    }
    expect(allowedFrom('CANCELLED')).toHaveLength(STAGES.length - FINAL_STAGES.length);
  });

  it('leave ACTIVE and CANCELLED for good', () => {
    for (const to of STAGES) {
      expect(canTransition('ACTIVE', to)).toBe(false);
      expect(canTransition('CANCELLED', to)).toBe(false);
    }
    expect(allowedTo('ACTIVE')).toEqual([]);
  });

  it('never return to RECEIVED except for a retry or a rescheduled start date', () => {
    expect(allowedFrom('RECEIVED')).toEqual(['QUEUED', 'FAILED']);
  });

  it('give the expected stages of each conditional write, consistent with canTransition', () => {
    for (const to of STAGES) {
      for (const from of STAGES) expect(allowedFrom(to).includes(from)).toBe(canTransition(from, to));
    }
    expect(allowedFrom('ACTIVE').sort()).toEqual(['BOUNCED', 'ESCALATED', 'INVITED', 'PASSWORD_SET']);
    expect(allowedFrom('INVITED').sort()).toEqual([
      'BOUNCED',
      'ESCALATED',
      'INVITED',
      'PASSWORD_SET',
      'PROVISIONING',
    ]);
  });

  it('leave every stage reachable from RECEIVED', () => {
    const seen = new Set<Stage>(['RECEIVED']);
    const queue: Stage[] = ['RECEIVED'];
    while (queue.length > 0) {
      for (const next of allowedTo(queue.shift()!)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...STAGES].sort());
  });

  it('reject an illegal move with a named error', () => {
    expect(() => assertTransition('ACTIVE', 'INVITED', 'hr-E-1')).toThrow(InvalidTransitionError);
    try {
      assertTransition('RECEIVED', 'ACTIVE', 'hr-E-1');
    } catch (error) {
      expect(error).toMatchObject({
        name: 'InvalidTransitionError',
        from: 'RECEIVED',
        to: 'ACTIVE',
        hireId: 'hr-E-1',
        message: 'cannot move hire hr-E-1 from RECEIVED to ACTIVE',
      });
    }
    expect(() => assertTransition('INVITED', 'PASSWORD_SET')).not.toThrow();
  });

  it('recognise stage names', () => {
    expect(isStage('INVITED')).toBe(true);
    expect(isStage('invited')).toBe(false);
    expect(isStage(undefined)).toBe(false);
  });
});
