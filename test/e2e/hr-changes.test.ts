import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkDay } from '../../src/kernel/calendar/calendar';
import { loadConfig } from '../../src/kernel/config/load';
import { hireCalendar } from '../../src/tracking/schedule';
import { hireTable } from '../support/hires';
import { AD_CONNECTOR, dayAfter, hrTools, SIMPLE_AD } from '../support/hr';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { trackingHelpers } from '../support/tracking';

/** The first day count from `days` whose start date's lead day (7 days before) is a working day in Tokyo. */
function workingLead(days: number): number {
  const calendar = hireCalendar(loadConfig(), { person: {}, directoryId: SIMPLE_AD });
  const lead = (n: number) => Date.parse(`${dayAfter(cloud, n)}T00:00:00Z`) - 7 * DAY_MS;
  let n = days;
  while (!isWorkDay(calendar, lead(n))) n++;
  return n;
}

/**
 * Issue 11, finding 4: HR corrections are applied. `employee.updated` (and `employee.hired` sent again
 * with other content) change a known hire as its stage allows; a moved start date re-schedules the
 * workflow without an alert; after the WorkSpace exists a user name or directory change is refused (409)
 * and the admins are told once; a new email gets a fresh invitation.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let hr: ReturnType<typeof hrTools>;
let t: ReturnType<typeof trackingHelpers>;

beforeAll(async () => {
  cloud = await startTestCloud();
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

const DAY_MS = 86_400_000;

describe('before the WorkSpace exists, every field applies', () => {
  it('a corrected email and name: 200 with the changed fields, stored, recorded without personal data', async () => {
    const first = await hr.hired({ employeeId: 'E-UPD-1', userName: 'upd1', startDate: dayAfter(cloud, 30) });
    expect(first.status).toBe(202);
    const data = {
      employeeId: 'E-UPD-1',
      userName: 'upd1',
      givenName: '花',
      email: 'hana.corrected@example.co.jp',
      startDate: dayAfter(cloud, 30),
    };
    const res = await hr.updated(data);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hireId: 'hr-E-UPD-1', stage: 'RECEIVED', changed: ['givenName', 'email'] });
    expect(await table.get('hr-E-UPD-1')).toMatchObject({
      person: { givenName: '花', email: 'hana.corrected@example.co.jp' },
      executionName: 'hire-hr-E-UPD-1',
    });

    // The same record again (a new delivery, or employee.hired with it): nothing left to change.
    expect((await hr.updated(data)).body).toEqual({ hireId: 'hr-E-UPD-1', stage: 'RECEIVED', changed: [] });
    expect((await hr.hired(data)).body).toEqual({ hireId: 'hr-E-UPD-1', stage: 'RECEIVED', changed: [] });

    const status = await hr.admin('GET', '/admin/hires/E-UPD-1');
    const change = status.body.timeline.find((e: any) => e.type === 'hr-updated');
    expect(change).toMatchObject({ by: 'hr', detail: { fields: ['givenName', 'email'] } });
    expect(JSON.stringify(change)).not.toContain('hana.corrected');
  });

  it('employee.hired sent again with another start date re-schedules: a new execution, the old one stopped, no alert', async () => {
    const hireId = 'hr-E-MOVE-1';
    // Start dates whose lead days are working days, so the calendar moves neither provisioning day.
    const [from, to] = [workingLead(20), workingLead(40)];
    await hr.hired({ employeeId: 'E-MOVE-1', userName: 'move1', startDate: dayAfter(cloud, from) });
    const before = await table.get(hireId);
    const res = await hr.hired({ employeeId: 'E-MOVE-1', userName: 'move1', startDate: dayAfter(cloud, to) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hireId, stage: 'RECEIVED', changed: ['startDate'] });

    const after = await table.get(hireId);
    expect(after).toMatchObject({
      executionName: 'hire-hr-E-MOVE-1-s1',
      rescheduleCount: 1,
      stage: 'RECEIVED',
    });
    expect(Date.parse(after!.provisionAt) - Date.parse(before!.provisionAt)).toBe((to - from) * DAY_MS);
    await eventually(async () => (await hr.executionStatus('hire-hr-E-MOVE-1')) === 'ABORTED', {
      what: 'old execution stopped',
    });
    expect(await hr.executionStatus('hire-hr-E-MOVE-1-s1')).toBe('RUNNING');
    await cloud.bus.idle();
    expect(await hr.alertsAbout('E-MOVE-1')).toEqual([]);
    expect(await table.stage(hireId)).toBe('RECEIVED');
  });

  it('a hire already QUEUED (no WorkSpace requested yet) goes back to waiting for the new date', async () => {
    const hireId = 'hr-E-QMOVE-1';
    await hr.hired({ employeeId: 'E-QMOVE-1', userName: 'qmove1', startDate: dayAfter(cloud, 1) });
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'QUEUED' });
    const res = await hr.updated({
      employeeId: 'E-QMOVE-1',
      userName: 'qmove1',
      startDate: dayAfter(cloud, 30),
    });
    expect(res.body).toEqual({ hireId, stage: 'RECEIVED', changed: ['startDate'] });
    const after = await table.get(hireId);
    expect(after).toMatchObject({ stage: 'RECEIVED', executionName: 'hire-hr-E-QMOVE-1-s1' });
    expect(after?.taskToken).toBeUndefined();
    await eventually(async () => (await hr.executionStatus('hire-hr-E-QMOVE-1')) === 'ABORTED', {
      what: 'old execution stopped',
    });

    // The provisioner has nothing to do for it, and the new date is what the workflow waits for.
    await cloud.runSchedule('provisioner');
    const state = await cloud.sim('/_sim/state');
    expect(state.workspaces.some((w: any) => w.userName === 'qmove1')).toBe(false);
    await cloud.bus.idle();
    expect(await hr.alertsAbout('E-QMOVE-1')).toEqual([]);
    expect(await table.stage(hireId)).toBe('RECEIVED');
  });

  it('a new user name is claimed and the old one released; a taken one is refused with 409', async () => {
    await hr.hired({ employeeId: 'E-REN-1', userName: 'rename1', startDate: dayAfter(cloud, 30) });
    await hr.hired({ employeeId: 'E-REN-2', userName: 'taken2', startDate: dayAfter(cloud, 30) });
    const res = await hr.updated({
      employeeId: 'E-REN-1',
      userName: 'rename1b',
      startDate: dayAfter(cloud, 30),
    });
    expect(res.body).toMatchObject({ stage: 'RECEIVED', changed: ['userName'] });
    expect(await hr.claim(SIMPLE_AD, 'rename1')).toBeUndefined();
    expect((await hr.claim(SIMPLE_AD, 'rename1b'))?.hireId).toBe('hr-E-REN-1');

    const refused = await hr.updated({
      employeeId: 'E-REN-1',
      userName: 'TAKEN2',
      startDate: dayAfter(cloud, 30),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([
      { field: 'data.userName', message: expect.stringContaining('another hire') },
    ]);
    expect((await table.get('hr-E-REN-1'))?.person.userName).toBe('rename1b');

    // Moving to another directory re-claims there too.
    const moved = await hr.updated({
      employeeId: 'E-REN-1',
      userName: 'rename1b',
      directoryId: AD_CONNECTOR,
      startDate: dayAfter(cloud, 30),
    });
    expect(moved.body).toMatchObject({ changed: ['directoryId'] });
    expect(await hr.claim(SIMPLE_AD, 'rename1b')).toBeUndefined();
    expect((await hr.claim(AD_CONNECTOR, 'rename1b'))?.hireId).toBe('hr-E-REN-1');
  });

  it('an execution a reschedule replaced (a crash before it was stopped) ends quietly at the provisioning date', async () => {
    const hireId = 'hr-E-STALE-1';
    await hr.hired({ employeeId: 'E-STALE-1', userName: 'stale1', startDate: dayAfter(cloud, 9) });
    // The reschedule's write happened; its stop did not.
    await hr.setExecutionName(hireId, 'hire-hr-E-STALE-1-s1');
    await cloud.advance('3d');
    await eventually(async () => (await hr.executionStatus('hire-hr-E-STALE-1')) === 'SUCCEEDED', {
      what: 'old execution ended',
    });
    await cloud.bus.idle();
    expect(await hr.alertsAbout('E-STALE-1')).toEqual([]);
    // The old execution never touched the hire (the scheduled run may have been first); the reconciler starts the missing current one, which
    // queues the hire since its provisioning date has passed.
    await cloud.runSchedule('reconciler');
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'QUEUED by -s1' });
    expect(await hr.executionStatus('hire-hr-E-STALE-1-s1')).toBe('RUNNING');
    expect(await hr.alertsAbout('E-STALE-1')).toEqual([]);
  });

  it('the old provisioning date passes quietly; the new one queues the hire', async () => {
    const hireId = 'hr-E-MOVE-2';
    await hr.hired({ employeeId: 'E-MOVE-2', userName: 'move2', startDate: dayAfter(cloud, 10) });
    // A control hire keeps the old date: once it is queued, the old date has been acted on.
    await hr.hired({ employeeId: 'E-MOVE-3', userName: 'move3', startDate: dayAfter(cloud, 10) });
    await hr.updated({ employeeId: 'E-MOVE-2', userName: 'move2', startDate: dayAfter(cloud, 20) });
    await cloud.advance('4d');
    await eventually(async () => (await table.stage('hr-E-MOVE-3')) === 'QUEUED', { what: 'control queued' });
    expect(await table.stage(hireId)).toBe('RECEIVED');
    await cloud.advance('10d');
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', {
      what: 'queued at the new date',
    });
    expect(await hr.alertsAbout('E-MOVE-2')).toEqual([]);
  });

  it('employee.updated for someone never hired through us changes nothing', async () => {
    const res = await hr.updated({
      employeeId: 'E-NEVER-1',
      userName: 'never1',
      startDate: dayAfter(cloud, 30),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ignored: 'employee.updated', reason: 'unknown employee' });
    expect(await table.get('hr-E-NEVER-1')).toBeUndefined();
    expect(await hr.claim(SIMPLE_AD, 'never1')).toBeUndefined();
  });
});

describe('after the WorkSpace exists', () => {
  let hireId: string;
  const base = { employeeId: 'E-AFTER-1', userName: 'after1', email: 'after1@example.co.jp' };

  beforeAll(async () => {
    [hireId] = (await t.inviteHires([{ ...base }])) as [string];
    expect(await table.stage(hireId)).toBe('INVITED');
  });

  it('a new email: a fresh invitation to the new address, and the old link stops working', async () => {
    const [oldLink] = await t.setupLinks('after1@example.co.jp');
    expect((await fetch(oldLink!)).status).toBe(200);
    const startDate = (await table.get(hireId))!.person.startDate;
    const res = await hr.updated({
      ...base,
      startDate,
      familyName: '新田',
      email: 'after1.new@example.co.jp',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hireId, stage: 'INVITED', changed: ['familyName', 'email'] });
    const [newLink] = await eventually(async () => {
      const links = await t.setupLinks('after1.new@example.co.jp');
      return links.length ? links : undefined;
    });
    const page = async (link: string) => {
      const res = await fetch(link);
      return { status: res.status, form: (await res.text()).includes('<form method="post"') };
    };
    expect(await page(newLink!)).toEqual({ status: 200, form: true });
    // The old link no longer sets a password (whatever page it shows instead).
    expect((await page(oldLink!)).form).toBe(false);
    expect(await table.get(hireId)).toMatchObject({
      person: { email: 'after1.new@example.co.jp', familyName: '新田' },
      invitationCount: 2,
    });
    const timeline = (await hr.admin('GET', `/admin/hires/${base.employeeId}`)).body.timeline;
    expect(timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'hr-updated',
          by: 'hr',
          detail: expect.objectContaining({ fields: ['familyName', 'email'] }),
        }),
        expect.objectContaining({ type: 'reinvited', by: 'hr' }),
      ]),
    );
  });

  it('a new user name: 409 naming data.userName, nothing changed, one alert however often it comes', async () => {
    const stored = await table.get(hireId);
    const record = {
      ...base,
      email: stored!.person.email,
      familyName: stored!.person.familyName,
      startDate: stored!.person.startDate,
    };
    for (let i = 0; i < 2; i++) {
      const res = await hr.updated({ ...record, userName: 'after1-renamed' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        stage: 'INVITED',
        errors: [{ field: 'data.userName', message: expect.stringContaining('WorkSpace exists') }],
      });
    }
    expect((await table.get(hireId))?.person.userName).toBe('after1');
    expect((await table.get(hireId))?.version).toBe(stored!.version);
    const alerts = await hr.alertsAbout('E-AFTER-1');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain('ユーザー名の変更を拒否しました');
    expect(alerts[0]!.body.text).toContain('after1-renamed');

    const dir = await hr.updated({ ...record, directoryId: AD_CONNECTOR });
    expect(dir.status).toBe(409);
    expect(dir.body.errors).toEqual([expect.objectContaining({ field: 'data.directoryId' })]);
  });
});

describe('employee.hire_cancelled with the default configuration (onCancel.terminateUnusedWorkspace false)', () => {
  it('the WorkSpace stays; one alert names it and what to do', async () => {
    const [hireId] = (await t.inviteHires([
      { employeeId: 'E-KEEP-1', userName: 'keep1', email: 'keep1@example.co.jp' },
    ])) as [string];
    const { workspaceId } = (await t.rawHire(hireId))!;
    const res = await hr.cancelled('E-KEEP-1');
    expect(res.body).toEqual({
      hireId,
      stage: 'CANCELLED',
      workspace: { workspaceId, action: 'kept', reason: 'off' },
    });
    const state = await cloud.sim('/_sim/state');
    expect(state.workspaces.find((w: any) => w.workspaceId === workspaceId)?.state).toBe('AVAILABLE');
    const alerts = await eventually(async () => {
      const found = await hr.alertsAbout('E-KEEP-1');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body.text).toContain(workspaceId);
    expect(alerts[0]!.body.text).toContain('onCancel.terminateUnusedWorkspace');
  });
});
