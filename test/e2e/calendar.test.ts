import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workDayOnOrAfter } from '../../src/kernel/calendar/calendar';
import { loadConfig } from '../../src/kernel/config/load';
import { hireCalendar } from '../../src/tracking/schedule';
import { startTestCloud, type TestCloud } from '../support/local-cloud';
import { SIMPLE_AD, trackingHelpers } from '../support/tracking';

/**
 * The company calendar on the local clock: Tokyo hires starting right after the year-end closure and right
 * after Golden Week get no email (invitation, reminders, the manager's readiness check) on a closed day,
 * and a US hire's readiness check skips the observed Independence Day. The clock moves from each due time
 * to the next until ten days after the start, running the reminders as their schedule would.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
const DAY_MS = 86_400_000;
const TOKYO = 'Asia/Tokyo';
const OREGON = 'd-926724b1c0';

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  t = trackingHelpers(cloud);
});
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
});

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const tokyoDate = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: TOKYO }).format(new Date(at));
/** Midnight in Tokyo of a date. */
const tokyoMidnight = (date: string) => new Date(day(date) - 9 * 3_600_000);
const japan = () => hireCalendar(loadConfig(), { person: { country: 'JP' }, directoryId: SIMPLE_AD });

/** Tokyo dates the year ahead of the clock: a start right after the closure, or after Golden Week. */
function yearEndStart(now: Date): { startDate: string; closed: string[] } {
  const year =
    now.getTime() < Date.UTC(now.getUTCFullYear(), 11, 15) ? now.getUTCFullYear() : now.getUTCFullYear() + 1;
  const closed = ['12-29', '12-30', '12-31'].map((d) => `${year}-${d}`);
  closed.push(...['01-01', '01-02', '01-03'].map((d) => `${year + 1}-${d}`));
  return { startDate: iso(workDayOnOrAfter(japan(), day(`${year + 1}-01-04`))), closed };
}
function goldenWeekStart(now: Date): { startDate: string; closed: string[] } {
  const year =
    now.getTime() < Date.UTC(now.getUTCFullYear(), 3, 15) ? now.getUTCFullYear() : now.getUTCFullYear() + 1;
  const closed = ['04-29', '05-03', '05-04', '05-05'].map((d) => `${year}-${d}`);
  return { startDate: iso(workDayOnOrAfter(japan(), day(`${year}-05-06`))), closed };
}

/** Posts a Tokyo hire with a manager, then lives through the days around its start; its ledger. */
async function liveThrough(employeeId: string, startDate: string): Promise<Record<string, string>> {
  const start = tokyoMidnight(startDate);
  // Posted five weeks ahead of the start.
  if ((await t.now()).getTime() < start.getTime() - 35 * DAY_MS) {
    await t.moveClockTo(new Date(start.getTime() - 35 * DAY_MS));
  }
  const userName = `cal${employeeId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  await cloud.addUsers(SIMPLE_AD, userName);
  const res = await cloud.postHire({
    employeeId,
    userName,
    email: `${userName}@example.co.jp`,
    locale: 'ja-JP',
    timeZone: TOKYO,
    startDate,
    managerEmail: `${userName}.manager@example.co.jp`,
  });
  expect(res.status).toBe(202);
  const hireId = res.body.hireId as string;
  // From one due time to the next (the provisioning date, the readiness check, each reminder), as the
  // schedules would reach them; whatever the product set for a closed day would go out on it.
  const end = start.getTime() + 10 * DAY_MS;
  for (let step = 0; step < 40; step++) {
    const raw = (await t.rawHire(hireId))!;
    if (['QUEUED', 'PROVISIONING'].includes(raw.stage)) {
      await cloud.driveUntil(async () => (await t.stage(hireId)) === 'INVITED', `${employeeId} invited`);
      continue;
    }
    const due = [raw.stage === 'RECEIVED' ? raw.provisionAt : undefined, raw.dueAt, raw.readyAt]
      .filter((at): at is string => typeof at === 'string')
      .map((at) => Date.parse(at))
      .filter((at) => at < end);
    if (!due.length) break;
    const next = Math.max(Math.min(...due), (await t.now()).getTime()) + 60_000;
    await t.moveClockTo(new Date(next));
    await cloud.runSchedule('reminders');
    await cloud.runSchedule('provisioner');
  }
  return t.ledger(hireId);
}

/** The hire lives through its invitation, a reminder and the readiness check, and no email is dated on a closed day. */
async function expectNoEmailOnClosedDays(employeeId: string, startDate: string, closed: string[]) {
  const ledger = await liveThrough(employeeId, startDate);
  expect(Object.keys(ledger)).toEqual(
    expect.arrayContaining(['invitation#1', 'reminder#1#1', `readiness#${startDate}`]),
  );
  const dates = Object.values(ledger).map(tokyoDate);
  expect(
    dates.filter((d) => closed.includes(d)),
    JSON.stringify(ledger),
  ).toEqual([]);
}

describe('the company calendar', () => {
  it('a Tokyo hire starting after the year-end closure gets no email dated in it', async () => {
    const { startDate, closed } = yearEndStart(await t.now());
    await expectNoEmailOnClosedDays('E-CAL-1', startDate, closed);
  });

  it('a Tokyo hire starting after Golden Week gets none on its holidays; status says why provisioning moved', async () => {
    const { startDate, closed } = goldenWeekStart(await t.now());
    await expectNoEmailOnClosedDays('E-CAL-2', startDate, closed);

    const status = await adminStatus('E-CAL-2');
    const moved = status.calendar.moves.flatMap((m: any) => m.movedPast.map((d: any) => d.name));
    // The admins' language is the configuration's default (ja).
    expect(moved).toContain('昭和の日');
  });

  it("a US hire's readiness check two business days before skips the observed Independence Day", async () => {
    // The next year whose July 4 is a Sunday (observed Monday the 5th), starting Wednesday the 7th.
    let year = (await t.now()).getUTCFullYear();
    while (
      new Date(Date.UTC(year, 6, 4)).getUTCDay() !== 0 ||
      Date.UTC(year, 6, 1) <= (await t.now()).getTime()
    )
      year++;
    const startDate = `${year}-07-07`;
    const postAt = day(startDate) - 60 * DAY_MS;
    if ((await t.now()).getTime() < postAt) await t.moveClockTo(new Date(postAt));
    await cloud.addUsers(OREGON, 'calus');
    const res = await cloud.postHire({
      employeeId: 'E-CAL-3',
      userName: 'calus',
      email: 'cal.us@example.com',
      locale: 'en-US',
      timeZone: 'America/New_York',
      country: 'US',
      startDate,
      managerEmail: 'cal.us.manager@example.com',
    });
    expect(res.status).toBe(202);
    const status = await adminStatus('E-CAL-3');
    expect(status.calendar.country).toBe('US');
    const check = status.calendar.moves.find((m: any) => m.what === 'readiness-check');
    // Friday the 2nd, 09:00 EDT: Monday the 5th is a day off, the weekend is no news.
    expect(check).toEqual({
      what: 'readiness-check',
      at: `${year}-07-02T13:00:00.000Z`,
      movedPast: [
        { date: `${year}-07-05`, kind: 'public-holiday', name: expect.stringContaining('Independence Day') },
      ],
    });
  });
});

async function adminStatus(employeeId: string): Promise<any> {
  const res = await fetch(`${cloud.urls.http}/admin/hires/${employeeId}`, {
    headers: { authorization: `Bearer ${cloud.adminToken}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}
