import { describe, expect, it } from 'vitest';
import { matchBearer, parseAdminTokens } from '../../src/admin/tokens';
import { ActionNotAllowedError, ConfigError } from '../../src/kernel/errors';
import {
  assertCancellable,
  planAdopt,
  planReinvite,
  retryExecutionName,
  retryProvisionAt,
} from '../../src/kernel/hire/actions';
import type { HireRecord } from '../../src/kernel/hire/record';
import type { Stage } from '../../src/kernel/hire/stages';

const hire = (stage: Stage, extra: Partial<HireRecord> = {}) =>
  ({
    hireId: 'hr-E-1',
    source: 'hr',
    stage,
    executionName: 'hire-hr-E-1',
    person: { employeeId: 'E-1', email: 'a@example.com' },
    workspaceId: 'ws-1',
    invitationCount: 1,
    ...extra,
  }) as HireRecord;

describe('planReinvite', () => {
  it('invites again (number n+1) from INVITED, PASSWORD_SET and ESCALATED', () => {
    for (const stage of ['INVITED', 'PASSWORD_SET', 'ESCALATED'] as const) {
      expect(planReinvite(hire(stage), {})).toEqual({ kind: 'invite', invitation: 2 });
    }
  });

  it('from BOUNCED only with a different email', () => {
    expect(() => planReinvite(hire('BOUNCED'), {})).toThrow(ActionNotAllowedError);
    expect(() => planReinvite(hire('BOUNCED'), { email: 'A@example.com' })).toThrow(/corrected email/);
    expect(planReinvite(hire('BOUNCED'), { email: 'b@example.com' })).toEqual({
      kind: 'invite',
      invitation: 2,
    });
  });

  it('from FAILED provisions again under execution name -r<n>', () => {
    expect(planReinvite(hire('FAILED'), {})).toEqual({
      kind: 'retry-provisioning',
      retry: 1,
      executionName: 'hire-hr-E-1-r1',
    });
    expect(
      planReinvite(hire('FAILED', { retryCount: 1, executionName: 'hire-hr-E-1-r1' }), {}),
    ).toMatchObject({
      executionName: 'hire-hr-E-1-r2',
    });
    expect(planReinvite(hire('RECEIVED', { retryCount: 1, executionName: 'hire-hr-E-1-r1' }), {})).toEqual({
      kind: 'resume-retry',
      executionName: 'hire-hr-E-1-r1',
    });
  });

  it('refuses, naming the stage, before there is a WorkSpace and after the end', () => {
    for (const stage of ['RECEIVED', 'QUEUED', 'PROVISIONING', 'ACTIVE', 'CANCELLED'] as const) {
      const err = (() => {
        try {
          planReinvite(hire(stage), {});
        } catch (e) {
          return e;
        }
      })() as ActionNotAllowedError;
      expect(err).toBeInstanceOf(ActionNotAllowedError);
      expect(err.stage).toBe(stage);
      expect(err.message).toContain(stage);
    }
  });
});

describe('planAdopt', () => {
  const foreign = { workspaceId: 'ws-0a1b2c3d4', state: 'AVAILABLE', foundAt: '2027-03-25T00:00:00Z' };

  it('confirms the WorkSpace a FAILED hire failed on, provisioning again as -r<n>', () => {
    expect(planAdopt(hire('FAILED', { foreignWorkspace: foreign, retryCount: 1 }))).toEqual({
      kind: 'confirm',
      workspaceId: 'ws-0a1b2c3d4',
      retry: 2,
      executionName: 'hire-hr-E-1-r2',
    });
  });

  it('starts the same execution again when the confirmation was recorded but its start may be lost', () => {
    const confirmed = hire('RECEIVED', {
      adoptWorkspaceId: 'ws-0a1b2c3d4',
      retryCount: 2,
      executionName: 'hire-hr-E-1-r2',
    });
    expect(planAdopt(confirmed)).toEqual({
      kind: 'resume',
      workspaceId: 'ws-0a1b2c3d4',
      executionName: 'hire-hr-E-1-r2',
    });
  });

  it('refuses any other stage, and a FAILED hire that did not fail on an existing WorkSpace', () => {
    for (const stage of ['QUEUED', 'INVITED', 'ACTIVE'] as Stage[]) {
      expect(() => planAdopt(hire(stage, { foreignWorkspace: foreign }))).toThrow(ActionNotAllowedError);
    }
    expect(() => planAdopt(hire('FAILED'))).toThrow(/did not fail on an existing WorkSpace; use reinvite/);
  });
});

describe('retryProvisionAt', () => {
  it('keeps a provisioning date still ahead, and never waits again for one that has passed', () => {
    const now = new Date('2027-03-25T00:00:00.250Z');
    expect(retryProvisionAt('2027-03-30T00:00:00Z', now)).toBe('2027-03-30T00:00:00Z');
    expect(retryProvisionAt('2027-03-20T00:00:00Z', now)).toBe('2027-03-25T00:00:00Z');
  });
});

describe('assertCancellable', () => {
  it('allows every stage that is not final', () => {
    expect(() => assertCancellable(hire('FAILED'))).not.toThrow();
    expect(() => assertCancellable(hire('RECEIVED'))).not.toThrow();
    expect(() => assertCancellable(hire('ACTIVE'))).toThrow(/ACTIVE/);
    expect(() => assertCancellable(hire('CANCELLED'))).toThrow(/CANCELLED/);
  });
});

describe('retryExecutionName', () => {
  it('stays within 80 characters', () => {
    const long = `hire-${'x'.repeat(75)}`;
    expect(retryExecutionName(long, 12)).toHaveLength(80);
    expect(retryExecutionName(long, 12).endsWith('-r12')).toBe(true);
  });
});

describe('admin bearer tokens', () => {
  const tokens = parseAdminTokens('alice:aaaaaaaaaaaaaaaaaaaaaaaa1, bob:bbbbbbbbbbbbbbbbbbbbbbbb2');

  it('finds the named token for a matching bearer header, and nothing otherwise', () => {
    expect(matchBearer('Bearer bbbbbbbbbbbbbbbbbbbbbbbb2', tokens)?.name).toBe('bob');
    expect(matchBearer('bearer aaaaaaaaaaaaaaaaaaaaaaaa1', tokens)?.name).toBe('alice');
    expect(matchBearer('Bearer aaaaaaaaaaaaaaaaaaaaaaaa', tokens)).toBeUndefined();
    expect(matchBearer('Basic YWxpY2U6eA==', tokens)).toBeUndefined();
    expect(matchBearer(undefined, tokens)).toBeUndefined();
    expect(matchBearer('Bearer aaaaaaaaaaaaaaaaaaaaaaaa1', [])).toBeUndefined();
  });

  it('rejects short tokens and bad names at start-up', () => {
    expect(() => parseAdminTokens('alice:short')).toThrow(ConfigError);
    expect(() => parseAdminTokens('a l:aaaaaaaaaaaaaaaaaaaaaaaaaaa')).toThrow(ConfigError);
    expect(parseAdminTokens('cccccccccccccccccccccccccccc')[0]?.name).toBe('token-1');
  });
});
