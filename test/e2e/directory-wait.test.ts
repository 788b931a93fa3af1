import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HireStatus } from '../../src/admin/status';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Finding 5 of issue 11: a user the directory does not know yet alerts the admins once, at once, with what
 * to create where, and the hire waits (tried again on every provisioner run) until the account appears or
 * its start date has passed in its time zone; then it fails with one more alert.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
const DIRECTORY = 'd-95671a2b3c';
const ADMIN = 'it-admins@example.co.jp';
const TOKYO_MS = 9 * 3_600_000;

/** `YYYY-MM-DD` in Tokyo (the sample hires' zone), `days` after today on the local clock. */
const tokyoDate = (days: number) =>
  new Date(cloud.clock.nowMs() + TOKYO_MS + days * 86_400_000).toISOString().slice(0, 10);
/** The instant a Tokyo date has passed: midnight after it, in Tokyo. */
const passedAt = (date: string) => Date.parse(`${date}T00:00:00Z`) + 86_400_000 - TOKYO_MS;

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function tick(duration = '1m') {
  await cloud.advance(duration);
  await cloud.runSchedule('provisioner');
}

const adminMail = async (employeeId: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(ADMIN) && m.body.text?.includes(employeeId));
// The sample configuration writes to the admins in Japanese: the waiting alert's subject names the user
// to create, the failure alert's what went wrong, in plain words.
const waitingAlerts = async (employeeId: string, userName: string) =>
  (await adminMail(employeeId)).filter((m) => m.subject.includes(userName));
const failureAlerts = async (employeeId: string) =>
  (await adminMail(employeeId)).filter((m) => m.subject.includes('ディレクトリにアカウントがありません'));

async function status(employeeId: string): Promise<HireStatus> {
  const res = await fetch(`${cloud.urls.http}/admin/hires/${employeeId}`, {
    headers: { authorization: `Bearer ${cloud.adminToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as HireStatus;
}

async function queuedHire(employeeId: string, userName: string, startDate: string) {
  const res = await cloud.postHire({ employeeId, userName, email: `${userName}@example.co.jp`, startDate });
  expect(res.status).toBe(202);
  const hireId = res.body.hireId as string;
  await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: `${employeeId} QUEUED` });
  return hireId;
}

describe('a hire whose directory account does not exist yet', () => {
  it('alerts once, at once, with what to create where; waits; is INVITED when the account appears two days later', async () => {
    const startDate = tokyoDate(3);
    const hireId = await queuedHire('E-DIR-1', 'dirlate1', startDate);
    await tick();

    const [alert] = await eventually(async () => {
      const found = await waitingAlerts('E-DIR-1', 'dirlate1');
      return found.length ? found : undefined;
    });
    expect(alert!.subject).toContain('ディレクトリアカウントがありません');
    // The start date as every Japanese email writes a day: 2026年12月10日(木).
    const [year, month, day] = startDate.split('-').map(Number);
    for (const where of [
      'dirlate1',
      DIRECTORY,
      'corp-example',
      'corp.example.com',
      cloud.region,
      `${year}年${month}月${day}日(`,
    ]) {
      expect(alert!.body.text).toContain(where);
    }
    expect(await table.stage(hireId)).toBe('QUEUED');
    const waiting = (await status('E-DIR-1')).waitingForDirectoryAccount;
    expect(waiting).toMatchObject({ userName: 'dirlate1', directoryId: DIRECTORY });
    expect(Date.parse(waiting!.until)).toBe(passedAt(startDate));
    expect(waiting!.alertedAt).toBeDefined();

    // Two days of provisioner runs: tried again on each, no second alert, no failure.
    const createsBefore = (await cloud.sim('/_sim/calls')).byOperation.CreateWorkspaces.requests;
    for (let i = 0; i < 8; i++) await tick('6h');
    expect((await cloud.sim('/_sim/calls')).byOperation.CreateWorkspaces.requests).toBeGreaterThanOrEqual(
      createsBefore + 8,
    );
    expect(await table.stage(hireId)).toBe('QUEUED');
    expect(await waitingAlerts('E-DIR-1', 'dirlate1')).toHaveLength(1);
    expect(await failureAlerts('E-DIR-1')).toHaveLength(0);

    await cloud.addUsers(DIRECTORY, 'dirlate1');
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'E-DIR-1 INVITED', 15);
    await eventually(async () =>
      (await cloud.inbox()).some((m) => m.destination.to.includes('dirlate1@example.co.jp')),
    );
    expect(await adminMail('E-DIR-1')).toHaveLength(1);
    expect((await status('E-DIR-1')).waitingForDirectoryAccount).toBeUndefined();
  });

  it('waits until its start date has passed in its time zone, then FAILED with one more alert', async () => {
    const startDate = tokyoDate(1);
    const hireId = await queuedHire('E-DIR-2', 'dirghost2', startDate);
    await tick();
    await eventually(async () => (await waitingAlerts('E-DIR-2', 'dirghost2')).length === 1, {
      what: 'waiting alert',
    });

    // An hour before the start date ends in Tokyo it still waits.
    await cloud.advance(passedAt(startDate) - 3_600_000 - cloud.clock.nowMs());
    await cloud.runSchedule('provisioner');
    expect(await table.stage(hireId)).toBe('QUEUED');

    await tick('61m');
    await eventually(async () => (await table.stage(hireId)) === 'FAILED', { what: 'E-DIR-2 FAILED' });
    const failed = await eventually(async () => {
      const found = await failureAlerts('E-DIR-2');
      return found.length ? found : undefined;
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.body.text).toContain('ディレクトリにユーザーを作成する');
    expect(failed[0]!.body.text).toContain('dirghost2');
    expect(await waitingAlerts('E-DIR-2', 'dirghost2')).toHaveLength(1);
    await tick('1h');
    expect(await adminMail('E-DIR-2')).toHaveLength(2);
    const state = await cloud.sim('/_sim/state');
    expect(state.workspaces.filter((w: { userName: string }) => w.userName === 'dirghost2')).toEqual([]);
  });
});
