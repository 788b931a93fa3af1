import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireTable } from '../support/hires';
import { dayAfter, hrTools, SIMPLE_AD } from '../support/hr';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { trackingHelpers } from '../support/tracking';

/**
 * Issue 11, finding 4: "no way for the HR system to say an offer was withdrawn". `employee.hire_cancelled`
 * stops the workflow and the reminders, marks the hire CANCELLED and frees its user name. With
 * `onCancel.terminateUnusedWorkspace` on (this file's configuration), a WorkSpace made for the hire is
 * terminated if nobody ever signed in to it; one that was used stays, and the admins are told which.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let hr: ReturnType<typeof hrTools>;
let t: ReturnType<typeof trackingHelpers>;

beforeAll(async () => {
  const root = resolve(import.meta.dirname, '..', '..');
  const config = JSON.parse(readFileSync(join(root, 'config', 'onboarding.json'), 'utf8'));
  config.onCancel = { terminateUnusedWorkspace: true };
  const configFile = join(mkdtempSync(join(tmpdir(), 'onboarding-config-')), 'onboarding.json');
  writeFileSync(configFile, JSON.stringify(config));
  cloud = await startTestCloud({ configFile });
  table = hireTable(cloud);
  hr = hrTools(cloud);
  t = trackingHelpers(cloud);
});
afterAll(async () => {
  table?.destroy();
  hr?.destroy();
  t?.destroy();
  await cloud?.stop();
});

const workspaceOf = async (workspaceId: string) =>
  (await cloud.sim('/_sim/state')).workspaces.find((w: any) => w.workspaceId === workspaceId);

describe('employee.hire_cancelled', () => {
  it('a hire still waiting: CANCELLED, its execution stopped without an alert, its user name free', async () => {
    const hireId = 'hr-E-WD-1';
    await hr.hired({ employeeId: 'E-WD-1', userName: 'withdrawn1', startDate: dayAfter(cloud, 30) });
    const res = await hr.cancelled('E-WD-1', { webhookId: 'msg_wd_1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hireId, stage: 'CANCELLED' });
    expect(await table.get(hireId)).toMatchObject({ stage: 'CANCELLED', cancelledAt: expect.any(String) });
    await eventually(async () => (await hr.executionStatus('hire-hr-E-WD-1')) === 'ABORTED', {
      what: 'execution stopped',
    });
    await cloud.bus.idle();
    expect(await hr.alertsAbout('E-WD-1')).toEqual([]);
    expect(await hr.claim(SIMPLE_AD, 'withdrawn1')).toBeUndefined();

    // Retried, or sent again: the same answer, nothing more happens.
    expect((await hr.cancelled('E-WD-1', { webhookId: 'msg_wd_1' })).body).toEqual({
      hireId,
      stage: 'CANCELLED',
    });
    expect((await hr.cancelled('E-WD-1')).body).toEqual({ hireId, stage: 'CANCELLED' });
    const timeline = (await hr.admin('GET', '/admin/hires/E-WD-1')).body.timeline;
    expect(timeline.filter((e: any) => e.type === 'cancelled')).toEqual([
      expect.objectContaining({
        by: 'hr',
        detail: expect.objectContaining({ reason: 'employee.hire_cancelled' }),
      }),
    ]);
    // A later update is refused: the hire is over.
    const late = await hr.updated({
      employeeId: 'E-WD-1',
      userName: 'withdrawn1',
      email: 'x@example.com',
      startDate: dayAfter(cloud, 30),
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ stage: 'CANCELLED' });
  });

  it('an invited hire whose WorkSpace nobody used: the WorkSpace is terminated, reminders stop, no alert', async () => {
    const [hireId] = (await t.inviteHires([
      { employeeId: 'E-WD-2', userName: 'withdrawn2', email: 'withdrawn2@example.co.jp' },
    ])) as [string];
    const { workspaceId, dueAt } = (await t.rawHire(hireId))!;
    expect(dueAt).toBeDefined();
    const res = await hr.cancelled('E-WD-2');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      hireId,
      stage: 'CANCELLED',
      workspace: { workspaceId, action: 'terminated' },
    });
    expect((await workspaceOf(workspaceId))?.state ?? 'TERMINATED').toMatch(/TERMINAT/);
    const item = await t.rawHire(hireId);
    expect(item).toMatchObject({ stage: 'CANCELLED', workspaceTerminatedAt: expect.any(String) });
    expect(item?.dueAt).toBeUndefined();
    await cloud.bus.idle();
    expect(await hr.alertsAbout('E-WD-2')).toEqual([]);
    // Retried after the WorkSpace is gone: the same answer.
    expect((await hr.cancelled('E-WD-2')).body).toMatchObject({
      workspace: { workspaceId, action: 'terminated' },
    });
  });

  it('a WorkSpace someone signed in to stays, and one alert names it and how to remove it', async () => {
    const [hireId] = (await t.inviteHires([
      { employeeId: 'E-WD-3', userName: 'withdrawn3', email: 'withdrawn3@example.co.jp' },
    ])) as [string];
    const { workspaceId } = (await t.rawHire(hireId))!;
    await cloud.sim('/_sim/login', { workspaceId });
    await eventually(async () => (await table.stage(hireId)) === 'ACTIVE', { what: 'ACTIVE' });
    // Once the person has signed in, onboarding is over: nothing to cancel.
    const active = await hr.cancelled('E-WD-3');
    expect(active.status).toBe(409);
    expect(active.body).toMatchObject({ stage: 'ACTIVE', detail: expect.stringContaining('signed in') });

    // As if the login event had been missed: the hire still says INVITED, the WorkSpace knows better.
    await hr.setStage(hireId, 'INVITED');
    const res = await hr.cancelled('E-WD-3');
    expect(res.body).toEqual({
      hireId,
      stage: 'CANCELLED',
      workspace: { workspaceId, action: 'kept', reason: 'used' },
    });
    expect((await workspaceOf(workspaceId))?.state).toBe('AVAILABLE');
    const alerts = await eventually(async () => {
      const found = await hr.alertsAbout('E-WD-3');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain('採用が取り消されましたが WorkSpace が残っています');
    expect(alerts[0]!.body.text).toContain(workspaceId);
    expect(alerts[0]!.body.text).toContain('サインインされたことがある'); // the admins' language: ja
    expect(alerts[0]!.body.text).toContain(
      `terminate-workspaces --terminate-workspace-requests WorkspaceId=${workspaceId}`,
    );
    expect((await hr.cancelled('E-WD-3')).status).toBe(200);
    expect(await hr.alertsAbout('E-WD-3')).toHaveLength(1);
  });

  it('an employee never hired through us: acknowledged, nothing stored', async () => {
    const res = await hr.cancelled('E-NOBODY');
    expect(res.body).toEqual({ ignored: 'employee.hire_cancelled', reason: 'unknown employee' });
    expect(await table.get('hr-E-NOBODY')).toBeUndefined();
    expect((await hr.post('employee.hire_cancelled', { employeeId: 'bad id!' })).status).toBe(400);
  });
});
