import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Provisioning as long and as bumpy as on AWS, through the webhook contract and on the movable clock:
 * a 40-minute WorkSpace, one that is IMPAIRED for a while, one that never leaves PENDING and one that stays
 * UNHEALTHY. config/onboarding.json gives provisioning.timeoutMinutes 60 and polls every minute.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
const DIRECTORY = 'd-95671a2b3c';
const ADMIN = 'it-admins@example.co.jp';
const TIMEOUT_MINUTES = 60;
const jaAlerts = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../templates/messages/ja/alerts.json'), 'utf8'),
) as Record<string, string>;
const tomorrow = () => new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);
const minutesBetween = (from: string | undefined, to: string | undefined) =>
  (Date.parse(to ?? '') - Date.parse(from ?? '')) / 60_000;

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

/** A hire whose WorkSpace will take the given path (the simulator's scripted provisioning). */
async function hireWith(employeeId: string, userName: string, path?: { state: string; for?: string }[]) {
  await cloud.addUsers(DIRECTORY, userName);
  if (path) await cloud.sim('/_sim/provisioning', { next: [{ userName, path }] });
  const res = await cloud.postHire({
    employeeId,
    userName,
    email: `${userName}@example.co.jp`,
    startDate: tomorrow(),
  });
  expect(res.status).toBe(202);
  const hireId = res.body.hireId as string;
  await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: `${employeeId} QUEUED` });
  return hireId;
}

/** Moves the clock `step` minutes at a time for `minutes`, running the provisioner each time. */
async function run(minutes: number, step = 5) {
  for (let minute = 0; minute < minutes; minute += step) {
    await cloud.advance(`${step}m`);
    await cloud.runSchedule('provisioner');
  }
}

/** Like `run`, but stops as soon as the hire reaches one of `stages`. */
async function runUntil(hireId: string, stages: string[], maxMinutes: number, step = 5) {
  for (let minute = 0; minute <= maxMinutes; minute += step) {
    const stage = await table.stage(hireId);
    if (stage && stages.includes(stage)) return stage;
    await run(step, step);
  }
  return eventually(
    async () => {
      const stage = await table.stage(hireId);
      return stage && stages.includes(stage) ? stage : undefined;
    },
    { what: `hire ${hireId} to reach ${stages.join('/')}`, timeoutMs: 5_000 },
  );
}

async function adminStatus(employeeId: string) {
  const res = await fetch(`${cloud.urls.http}/admin/hires/${employeeId}`, {
    headers: { authorization: `Bearer ${cloud.adminToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    stage: string;
    workspace?: { state: string };
    timeline: { type: string; detail?: Record<string, unknown> }[];
  };
}

const alertsAbout = async (employeeId: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(ADMIN) && m.body.text?.includes(employeeId));
const mailTo = async (userName: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(`${userName}@example.co.jp`));

describe('a WorkSpace that takes 40 minutes', () => {
  it('is waited for and the hire ends INVITED, the invitation only once the WorkSpace is AVAILABLE', async () => {
    const before = await cloud.sim('/_sim/provisioning');
    await cloud.sim('/_sim/provisioning', { delay: '40m' });
    try {
      const hireId = await hireWith('E-SLOW-1', 'slowuser');
      await run(35);
      expect(await table.stage(hireId)).toBe('PROVISIONING');
      expect(await mailTo('slowuser')).toHaveLength(0);

      expect(await runUntil(hireId, ['INVITED', 'FAILED'], 20, 1)).toBe('INVITED');
      const hire = await table.get(hireId);
      expect(minutesBetween(hire?.provisioningStartedAt, hire?.invitedAt)).toBeGreaterThanOrEqual(40);
      expect(minutesBetween(hire?.provisioningStartedAt, hire?.invitedAt)).toBeLessThan(TIMEOUT_MINUTES);
      await eventually(async () => (await mailTo('slowuser')).length === 1, { what: 'one invitation' });
    } finally {
      await cloud.sim('/_sim/provisioning', { delay: before.delayMs });
    }
  });
});

describe('a WorkSpace that is IMPAIRED for a while', () => {
  it('is not taken for AVAILABLE; the admin sees the state; the hire ends INVITED once it recovers', async () => {
    const hireId = await hireWith('E-IMP-1', 'impaireduser', [
      { state: 'PENDING', for: '15m' },
      { state: 'IMPAIRED', for: '15m' },
      { state: 'AVAILABLE' },
    ]);
    await run(25);
    await eventually(async () => (await table.get(hireId))?.workspaceState === 'IMPAIRED', {
      what: 'the provisioner to see IMPAIRED',
    });
    const status = await adminStatus('E-IMP-1');
    expect(status.stage).toBe('PROVISIONING');
    expect(status.workspace?.state).toBe('IMPAIRED');
    expect(status.timeline).toContainEqual(
      expect.objectContaining({
        type: 'workspace-state',
        detail: expect.objectContaining({ state: 'IMPAIRED' }),
      }),
    );
    expect(await mailTo('impaireduser')).toHaveLength(0);

    expect(await runUntil(hireId, ['INVITED', 'FAILED'], 30)).toBe('INVITED');
    const hire = await table.get(hireId);
    expect(minutesBetween(hire?.provisioningStartedAt, hire?.invitedAt)).toBeGreaterThanOrEqual(30);
    await eventually(async () => (await mailTo('impaireduser')).length === 1, { what: 'one invitation' });
    expect(await alertsAbout('E-IMP-1')).toHaveLength(0);
  });
});

describe('a WorkSpace that never gets ready', () => {
  it('PENDING past the timeout: FAILED with one alert saying it is still PENDING; no invitation', async () => {
    const hireId = await hireWith('E-PEND-1', 'pendinguser', [{ state: 'PENDING' }]);
    expect(await runUntil(hireId, ['INVITED', 'FAILED'], TIMEOUT_MINUTES + 15)).toBe('FAILED');
    const hire = await table.get(hireId);
    expect(hire?.lastError?.error).toBe('ProvisioningTimeout');
    const alerts = await eventually(async () => {
      const found = await alertsAbout('E-PEND-1');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain('WorkSpace が期限内に用意できませんでした');
    expect(alerts[0]!.body.text).toContain(
      `${hire?.workspaceId} is still PENDING ${TIMEOUT_MINUTES} minutes`,
    );
    expect(await mailTo('pendinguser')).toHaveLength(0);
    // More runs of the provisioner do not alert again.
    await run(10);
    expect(await alertsAbout('E-PEND-1')).toHaveLength(1);
  });

  it('UNHEALTHY until the timeout: FAILED with one alert naming UNHEALTHY; no invitation', async () => {
    const hireId = await hireWith('E-UNH-1', 'unhealthyuser', [
      { state: 'PENDING', for: '20m' },
      { state: 'UNHEALTHY' },
    ]);
    await run(30);
    // Half an hour in, UNHEALTHY for ten minutes: still waited on.
    expect(await table.stage(hireId)).toBe('PROVISIONING');
    expect((await table.get(hireId))?.workspaceState).toBe('UNHEALTHY');

    expect(await runUntil(hireId, ['INVITED', 'FAILED'], TIMEOUT_MINUTES)).toBe('FAILED');
    const hire = await table.get(hireId);
    expect(hire?.lastError?.error).toBe('WorkspaceUnhealthy');
    const alerts = await eventually(async () => {
      const found = await alertsAbout('E-UNH-1');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain('WorkSpace が応答しません');
    expect(alerts[0]!.body.text).toContain(`${hire?.workspaceId} is UNHEALTHY`);
    // The admins' language (config defaults.locale ja) with this failure's own explanation and next step.
    expect(alerts[0]!.body.text).toContain(jaAlerts['alert.what.WorkspaceUnhealthy']);
    expect(alerts[0]!.body.text).toContain(jaAlerts['alert.todo.WorkspaceUnhealthy']);
    expect(await mailTo('unhealthyuser')).toHaveLength(0);
  });

  it('IMPAIRED, then ERROR: FAILED at once with one alert, without waiting for the timeout', async () => {
    const hireId = await hireWith('E-ERR-2', 'brokenuser', [
      { state: 'PENDING', for: '10m' },
      { state: 'IMPAIRED', for: '5m' },
      { state: 'ERROR' },
    ]);
    expect(await runUntil(hireId, ['INVITED', 'FAILED'], 30)).toBe('FAILED');
    const hire = await table.get(hireId);
    expect(hire?.lastError?.error).toBe('WorkspaceError');
    expect(minutesBetween(hire?.provisioningStartedAt, hire?.lastError?.at)).toBeLessThan(TIMEOUT_MINUTES);
    await eventually(async () => (await alertsAbout('E-ERR-2')).length === 1, { what: 'one alert' });
  });
});
