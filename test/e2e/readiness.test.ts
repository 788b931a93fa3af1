import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/kernel/config/load';
import { readinessDueAt } from '../../src/tracking/readiness-check';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * The readiness check on the local clock: one email to the manager, in the manager's language, at the
 * opening of business two business days before the start date (Asia/Tokyo), and never a second one.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;

const DIRECTORY = 'd-95671a2b3c';
const MANAGER = 'rd.manager@example.co.jp';
const TOKYO = 'Asia/Tokyo';

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

const localNow = async () =>
  new Date(((await (await fetch(`${cloud.urls.http}/_local/clock`)).json()) as { now: string }).now);
const toManager = async () => (await cloud.inbox()).filter((m) => m.destination.to.includes(MANAGER));

/** A weekday start date `days` ahead of the local clock, in Tokyo. */
function startDateAfter(now: Date, days: number): string {
  const day = new Date(now.getTime() + days * 86_400_000);
  while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

describe('the readiness check', () => {
  it("reaches the manager once, at its local time, in the manager's language, saying where things stand", async () => {
    await cloud.addUsers(DIRECTORY, 'rdready');
    const now = await localNow();
    const startDate = startDateAfter(now, 6);
    const res = await cloud.postHire({
      employeeId: 'E-RD-1',
      userName: 'rdready',
      email: 'rd.ready@example.co.jp',
      locale: 'ja-JP',
      timeZone: TOKYO,
      startDate,
      managerEmail: MANAGER,
      managerLocale: 'en',
    });
    expect(res.status).toBe(202);
    const hireId = res.body.hireId as string;
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'hire QUEUED' });
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'hire INVITED');

    const dueAt = readinessDueAt(
      loadConfig(),
      { person: { startDate, timeZone: TOKYO }, directoryId: 'd-95671a2b3c' },
      now,
    );
    expect(dueAt).toBeDefined();
    // A minute before its time: nothing for the manager.
    await fetch(`${cloud.urls.http}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: new Date(Date.parse(dueAt!) - 60_000).toISOString() }),
    });
    await cloud.runSchedule('reminders');
    expect(await toManager()).toEqual([]);

    await cloud.advance('2m');
    await cloud.runSchedule('reminders');
    const [mail, ...more] = await eventually(async () => {
      const found = await toManager();
      return found.length ? found : undefined;
    });
    expect(more).toEqual([]);
    // English for the manager, though the hire reads Japanese; at risk: the password is not set yet.
    expect(mail!.subject).toContain('At risk for day one');
    expect(mail!.body.text).toContain('WorkSpace available');
    expect(mail!.body.text).toContain('set their password');
    expect((await table.get(hireId)) as unknown as Record<string, unknown>).not.toHaveProperty('readyAt');

    await cloud.advance('1h');
    await cloud.runSchedule('reminders');
    expect(await toManager()).toHaveLength(1);
  });
});
