import { describe, expect, it } from 'vitest';
import {
  changedFields,
  changePhase,
  HR_FIELDS,
  type HrRecord,
  needsReschedule,
  planHrChange,
} from '../../src/intake/hr-change';
import type { HireRecord } from '../../src/kernel/hire/record';
import { STAGES, type Stage } from '../../src/kernel/hire/stages';

const record = (over: Partial<HrRecord['person']> = {}, directoryId = 'd-0123456789'): HrRecord => ({
  person: {
    employeeId: 'E-1',
    givenName: '花子',
    familyName: '山田',
    email: 'hanako@example.co.jp',
    userName: 'hyamada',
    startDate: '2027-04-01',
    locale: 'ja',
    timeZone: 'Asia/Tokyo',
    ...over,
  },
  directoryId,
});

type HireState = Pick<HireRecord, 'stage' | 'workspaceId' | 'createRequestedAt'>;
const hire = (stage: Stage, workspace = false): HireState => ({
  stage,
  ...(workspace ? { workspaceId: 'ws-0123456789' } : {}),
});

describe('changedFields', () => {
  it('names the fields that differ, in contract order', () => {
    expect(changedFields(record(), record())).toEqual([]);
    expect(
      changedFields(
        record(),
        record({ startDate: '2027-05-01', givenName: '花', managerEmail: 'm@example.com' }),
      ),
    ).toEqual(['givenName', 'startDate', 'managerEmail']);
    expect(changedFields(record(), record({}, 'd-9999999999'))).toEqual(['directoryId']);
  });

  it('ignores the case of addresses and user names (mail servers and AD do), not of names', () => {
    expect(changedFields(record(), record({ email: 'Hanako@Example.co.jp', userName: 'HYamada' }))).toEqual(
      [],
    );
    expect(changedFields(record(), record({ familyName: 'YAMADA' }))).toEqual(['familyName']);
  });

  it('counts a field left out as a change when it was set (the body is the whole record)', () => {
    expect(changedFields(record({ department: 'Sales' }), record())).toEqual(['department']);
  });
});

describe('changePhase', () => {
  it('is before the WorkSpace until one is requested, finished once CANCELLED', () => {
    expect(changePhase(hire('RECEIVED'))).toBe('before-workspace');
    expect(changePhase(hire('QUEUED'))).toBe('before-workspace');
    expect(changePhase({ stage: 'QUEUED', createRequestedAt: '2027-01-01T00:00:00Z' })).toBe(
      'after-workspace',
    );
    expect(changePhase(hire('FAILED'))).toBe('before-workspace');
    expect(changePhase(hire('FAILED', true))).toBe('after-workspace');
    for (const stage of [
      'PROVISIONING',
      'INVITED',
      'PASSWORD_SET',
      'ACTIVE',
      'BOUNCED',
      'ESCALATED',
    ] as Stage[]) {
      expect(changePhase(hire(stage, true)), stage).toBe('after-workspace');
    }
    expect(changePhase(hire('CANCELLED', true))).toBe('finished');
  });
});

describe('planHrChange: which fields may change in which stage', () => {
  const stagesWithWorkspace = STAGES.filter((s) => !['RECEIVED', 'CANCELLED'].includes(s));

  it('before the WorkSpace: every field applies', () => {
    for (const field of HR_FIELDS) {
      for (const state of [hire('RECEIVED'), hire('QUEUED'), hire('FAILED')]) {
        expect(planHrChange(state, [field]).kind, `${state.stage} ${field}`).toBe('apply');
      }
    }
  });

  it('after it: a user name or directory change is refused, every other field applies', () => {
    for (const stage of stagesWithWorkspace) {
      for (const field of HR_FIELDS) {
        const plan = planHrChange(hire(stage, true), [field, 'email']);
        if (field === 'userName' || field === 'directoryId') {
          expect(plan, `${stage} ${field}`).toMatchObject({ kind: 'refused', refused: [field] });
        } else {
          expect(plan.kind, `${stage} ${field}`).toBe('apply');
        }
      }
    }
  });

  it('CANCELLED takes no changes; an identical record is no change anywhere', () => {
    expect(planHrChange(hire('CANCELLED'), ['email'])).toEqual({ kind: 'finished', changed: ['email'] });
    for (const stage of STAGES) expect(planHrChange(hire(stage), [])).toEqual({ kind: 'unchanged' });
  });

  it('says what comes with a change: re-claim, new bundle, reschedule, re-invite', () => {
    expect(planHrChange(hire('RECEIVED'), ['userName', 'department', 'startDate'])).toEqual({
      kind: 'apply',
      changed: ['userName', 'department', 'startDate'],
      reclaim: true,
      rebundle: true,
      mayReschedule: true,
      reinvite: false,
    });
    expect(planHrChange(hire('QUEUED'), ['timeZone'])).toMatchObject({ mayReschedule: true });
    // No execution waits for a date in FAILED; the bundle of an existing WorkSpace stays.
    expect(planHrChange(hire('FAILED'), ['startDate'])).toMatchObject({ mayReschedule: false });
    expect(planHrChange(hire('INVITED', true), ['department', 'startDate'])).toMatchObject({
      rebundle: false,
      mayReschedule: false,
    });
    for (const stage of ['INVITED', 'PASSWORD_SET', 'ESCALATED', 'BOUNCED'] as Stage[]) {
      expect(planHrChange(hire(stage, true), ['email']), stage).toMatchObject({ reinvite: true });
    }
    // No invitation yet (it goes to the stored address when it is sent), or none any more.
    for (const stage of ['PROVISIONING', 'ACTIVE'] as Stage[]) {
      expect(planHrChange(hire(stage, true), ['email']), stage).toMatchObject({ reinvite: false });
    }
  });
});

describe('needsReschedule', () => {
  const now = Date.parse('2027-01-10T00:00:00Z');
  it('when the provisioning time moves, unless both times are due already', () => {
    expect(needsReschedule('2027-02-01T00:00:00Z', '2027-02-08T00:00:00Z', now)).toBe(true);
    expect(needsReschedule('2027-01-01T00:00:00Z', '2027-02-08T00:00:00Z', now)).toBe(true);
    expect(needsReschedule('2027-02-01T00:00:00Z', '2027-01-09T00:00:00Z', now)).toBe(true);
    expect(needsReschedule('2027-01-01T00:00:00Z', '2027-01-09T00:00:00Z', now)).toBe(false);
    expect(needsReschedule('2027-02-01T00:00:00Z', '2027-02-01T00:00:00Z', now)).toBe(false);
  });
});
