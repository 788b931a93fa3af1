import { describe, expect, it } from 'vitest';
import { adoptWorkspace } from '../../../src/admin/adopt';
import { cancelHire } from '../../../src/admin/cancel';
import { listHires } from '../../../src/admin/list';
import { reinvite } from '../../../src/admin/reinvite';
import { hireStatus } from '../../../src/admin/status';
import { importWave } from '../../../src/intake/wave/import-wave';
import {
  ActionNotAllowedError,
  InvalidCursorError,
  VersionConflictError,
  WaveInvalidError,
} from '../../../src/kernel/errors';
import { ORPHAN_CLAIM_AFTER_MS } from '../../../src/kernel/hire/user-name';
import { claimUserName, heldUserNames } from '../../../src/kernel/user-names';
import { appWorld, SIMPLE_AD, sampleHire } from '../../support/fakes';

/** The admin use cases on the in-memory table: every action recorded with who did it. */
const DAY = 86_400_000;
const by = 'token:ops';

const person = (n: number) => ({
  ...sampleHire().person,
  employeeId: `E-${n}`,
  userName: `user${n}`,
  email: `user${n}@example.co.jp`,
});

describe('cancel', () => {
  it('CANCELLED, off the queue and the reminders, the user name free, the execution stopped', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire({ stage: 'QUEUED' }), {
      work: { queue: 'QUEUED', dueAt: '2027-03-25T00:00:00Z' },
    });
    await claimUserName(w.deps, { directoryId: SIMPLE_AD, userName: 'hyamada', hireId: 'hr-E-1' });
    w.sfn.set('hire-hr-E-1', 'RUNNING');

    expect(await cancelHire(w.deps, { hireId: 'hr-E-1', reason: 'offer withdrawn', by })).toEqual({
      hireId: 'hr-E-1',
      stage: 'CANCELLED',
      fromStage: 'QUEUED',
      executionStopped: true,
    });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({
      stage: 'CANCELLED',
      cancelledAt: w.clock.now().toISOString(),
    });
    expect(w.table.work.has('hr-E-1')).toBe(false);
    expect(w.table.claims.size).toBe(0);
    expect(w.sfn.executions.get('hire-hr-E-1')?.status).toBe('ABORTED');
    expect(w.table.events.get('hr-E-1')).toEqual([
      expect.objectContaining({
        type: 'cancelled',
        by,
        detail: { fromStage: 'QUEUED', reason: 'offer withdrawn' },
      }),
    ]);
  });

  it('of a finished hire: 409 saying it is finished, nothing changed', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire({ stage: 'ACTIVE' }));
    await expect(cancelHire(w.deps, { hireId: 'hr-E-1', by })).rejects.toMatchObject({
      name: 'ActionNotAllowedError',
      stage: 'ACTIVE',
    });
    expect(w.table.hires.get('hr-E-1')!.stage).toBe('ACTIVE');
  });
});

describe('re-invite of a FAILED hire', () => {
  it('provisions again under a new execution name, off every index, with who asked', async () => {
    const w = appWorld();
    w.stores.seed(
      sampleHire({ stage: 'FAILED', workspaceId: 'ws-0123456789', lastError: { error: 'X', at: 'y' } }),
      {
        due: '2027-03-26T00:00:00Z',
      },
    );
    const result = await reinvite(w.deps, { hireId: 'hr-E-1', by });
    expect(result).toEqual({
      outcome: 'retrying',
      hireId: 'hr-E-1',
      stage: 'RECEIVED',
      executionName: 'hire-hr-E-1-r1',
      emailChanged: false,
    });
    const hire = w.table.hires.get('hr-E-1')!;
    expect(hire).toMatchObject({ stage: 'RECEIVED', retryCount: 1, executionName: 'hire-hr-E-1-r1' });
    expect(hire.workspaceId).toBeUndefined();
    expect(hire.lastError).toBeUndefined();
    // The provisioning date has passed: it provisions now (whole seconds, as the first start's input).
    expect(hire.provisionAt).toBe('2027-03-25T01:00:00Z');
    expect(w.sfn.started).toEqual([
      { name: 'hire-hr-E-1-r1', input: { hireId: 'hr-E-1', provisionAt: '2027-03-25T01:00:00Z' } },
    ]);
    expect(w.table.due.has('hr-E-1')).toBe(false);
    expect(w.table.events.get('hr-E-1')).toEqual([
      expect.objectContaining({ type: 'retry-provisioning', by }),
    ]);
  });

  it('a BOUNCED hire needs a corrected email', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire({ stage: 'BOUNCED', workspaceId: 'ws-0123456789' }));
    await expect(reinvite(w.deps, { hireId: 'hr-E-1', by })).rejects.toThrow(/corrected email/);
  });
});

describe('adopt', () => {
  it('records the confirmation and sends the hire through provisioning again for that WorkSpace', async () => {
    const w = appWorld();
    const foreignWorkspace = {
      workspaceId: 'ws-foreign001',
      state: 'AVAILABLE',
      foundAt: '2027-03-25T00:00:00Z',
    };
    w.stores.seed(
      sampleHire({ stage: 'FAILED', foreignWorkspace, retryCount: 1, executionName: 'hire-hr-E-1-r1' }),
    );
    expect(await adoptWorkspace(w.deps, { hireId: 'hr-E-1', by })).toEqual({
      outcome: 'retrying',
      hireId: 'hr-E-1',
      stage: 'RECEIVED',
      workspaceId: 'ws-foreign001',
      executionName: 'hire-hr-E-1-r2',
    });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ adoptWorkspaceId: 'ws-foreign001', retryCount: 2 });
    expect(w.table.events.get('hr-E-1')).toEqual([
      expect.objectContaining({
        type: 'adoption-confirmed',
        by,
        detail: expect.objectContaining({ state: 'AVAILABLE' }),
      }),
    ]);

    // Repeated after a crash before the start: the same execution, nothing recorded twice.
    expect(await adoptWorkspace(w.deps, { hireId: 'hr-E-1', by })).toMatchObject({
      executionName: 'hire-hr-E-1-r2',
    });
    expect(w.table.events.get('hr-E-1')).toHaveLength(1);
  });

  it('two admins acting on the same snapshot cannot both succeed', async () => {
    const w = appWorld();
    const foreignWorkspace = {
      workspaceId: 'ws-foreign001',
      state: 'AVAILABLE',
      foundAt: '2027-03-25T00:00:00Z',
    };
    w.stores.seed(sampleHire({ stage: 'FAILED', foreignWorkspace }));
    const real = w.deps.hires.require;
    let first = true;
    const racing = {
      ...w.deps,
      hires: {
        ...w.deps.hires,
        async require(hireId: string) {
          const snapshot = await real(hireId);
          if (first) {
            first = false;
            await w.deps.hires.update(hireId, {
              stage: 'FAILED',
              set: { lastError: { error: 'Other', at: 'now' } },
            });
          }
          return snapshot;
        },
      },
    };
    await expect(adoptWorkspace(racing, { hireId: 'hr-E-1', by })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });

  it('only for a hire that failed on an existing WorkSpace', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire({ stage: 'FAILED' }));
    await expect(adoptWorkspace(w.deps, { hireId: 'hr-E-1', by })).rejects.toBeInstanceOf(
      ActionNotAllowedError,
    );
  });
});

describe('list and status', () => {
  it('pages a stage newest change first, and every stage in turn without one', async () => {
    const w = appWorld();
    for (let n = 1; n <= 3; n++) {
      w.stores.seed(
        sampleHire({ person: person(n), stage: 'INVITED', updatedAt: `2027-03-0${n}T00:00:00Z` }),
      );
    }
    w.stores.seed(sampleHire({ person: person(4), stage: 'FAILED' }));
    const first = await listHires(w.deps, { stage: 'INVITED', limit: 2 });
    expect(first.hires.map((h) => h.employeeId)).toEqual(['E-3', 'E-2']);
    const rest = await listHires(w.deps, { stage: 'INVITED', limit: 2, cursor: first.cursor! });
    expect(rest).toEqual({ hires: [expect.objectContaining({ employeeId: 'E-1' })] });
    const all = await listHires(w.deps, { limit: 10 });
    expect(all.hires.map((h) => h.stage)).toEqual(['INVITED', 'INVITED', 'INVITED', 'FAILED']);
    await expect(
      listHires(w.deps, { stage: 'FAILED', limit: 2, cursor: first.cursor! }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('says where a hire is: stage, timeline, live WorkSpace state, emails, next reminder', async () => {
    const w = appWorld();
    const workspaceId = w.ws.add({ userName: 'hyamada', state: 'AVAILABLE' });
    w.stores.seed(
      sampleHire({ stage: 'INVITED', workspaceId, invitedAt: '2027-03-25T01:00:00Z', invitationCount: 1 }),
    );
    await w.deps.history.append('hr-E-1', { type: 'invited', stage: 'INVITED' });
    await w.mailer.sendOnce('hr-E-1', 'invitation#1', {
      to: ['a@example.com'],
      subject: 's',
      html: 'h',
      text: 't',
    });
    const status = await hireStatus(w.deps, 'hr-E-1');
    expect(status).toMatchObject({
      stage: 'INVITED',
      workspace: { id: workspaceId, state: 'AVAILABLE' },
      emails: [expect.objectContaining({ ledgerKey: 'invitation#1', status: 'SENT' })],
      timeline: [expect.objectContaining({ type: 'invited' })],
      // Friday 10:00 in Tokyo: the day after the invitation, inside business hours.
      nextReminder: { at: '2027-03-26T01:00:00.000Z', step: 'reminder 1 of 3' },
    });
  });
});

describe('a wave import', () => {
  const csv = (rows: string[]) =>
    ['employeeId,givenName,familyName,email,userName,startDate', ...rows].join('\n');

  it('validates every row first; a dry run stores nothing; the import goes the webhook path, idempotent', async () => {
    const w = appWorld();
    const wave = csv([
      'E-1,Hanako,Yamada,h@example.co.jp,hyamada,2027-04-01',
      'E-2,Taro,Sato,t@example.co.jp,tsato,2027-04-01',
    ]);
    const dry = await importWave(w.deps, { csv: wave, dryRun: true, skipInvalid: false, by });
    expect(dry).toMatchObject({ total: 2, rows: [{ outcome: 'would-import' }, { outcome: 'would-import' }] });
    expect(w.table.hires.size).toBe(0);

    expect(await importWave(w.deps, { csv: wave, dryRun: false, skipInvalid: false, by })).toMatchObject({
      accepted: 2,
    });
    expect(await importWave(w.deps, { csv: wave, dryRun: false, skipInvalid: false, by })).toMatchObject({
      known: 2,
      accepted: 0,
    });
    expect(w.table.events.get('hr-E-1')).toEqual([expect.objectContaining({ type: 'received', by })]);
  });

  it('refuses a user name another employee holds, on its line and column, before anything is stored', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire());
    await claimUserName(w.deps, { directoryId: SIMPLE_AD, userName: 'hyamada', hireId: 'hr-E-1' });
    const wave = csv([
      'E-2,Taro,Sato,t@example.co.jp,tsato,2027-04-01',
      'E-3,Hana,Y,y@example.co.jp,HYAMADA,2027-04-01',
    ]);
    const err = await importWave(w.deps, { csv: wave, dryRun: false, skipInvalid: false, by }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(WaveInvalidError);
    expect((err as WaveInvalidError).problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'userName',
        message: expect.stringContaining('employee E-1'),
      }),
    ]);
    expect(w.table.hires.size).toBe(1);
  });
});

describe('user-name claims', () => {
  it('a claim left by a crash before the hire existed is taken over after a while, not before', async () => {
    const w = appWorld();
    await claimUserName(w.deps, { directoryId: SIMPLE_AD, userName: 'hyamada', hireId: 'hr-ghost' });
    const mine = { directoryId: SIMPLE_AD, userName: 'hyamada', hireId: 'hr-E-2' };
    expect(await claimUserName(w.deps, mine)).toEqual({ ok: false, holderHireId: 'hr-ghost' });
    w.clock.advance(ORPHAN_CLAIM_AFTER_MS + 1);
    expect(await claimUserName(w.deps, mine)).toEqual({ ok: true });
  });

  it('a live holder keeps its name, also for a wave check; a cancelled one does not', async () => {
    const w = appWorld();
    w.stores.seed(sampleHire());
    await claimUserName(w.deps, { directoryId: SIMPLE_AD, userName: 'hyamada', hireId: 'hr-E-1' });
    const wanted = [{ directoryId: SIMPLE_AD, userName: 'HYamada', hireId: 'hr-E-2' }];
    expect([...(await heldUserNames(w.deps, wanted)).values()]).toEqual([
      { hireId: 'hr-E-1', employeeId: 'E-1' },
    ]);
    await w.deps.hires.move('hr-E-1', { to: 'CANCELLED' });
    w.clock.advance(DAY);
    expect((await heldUserNames(w.deps, wanted)).size).toBe(0);
  });
});
