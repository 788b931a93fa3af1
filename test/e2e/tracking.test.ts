import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysOffBetween } from '../../src/kernel/calendar/calendar';
import { loadConfig } from '../../src/kernel/config/load';
import { hireCalendar } from '../../src/tracking/schedule';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import {
  firstBusinessMinute,
  inBusinessHours,
  postForm,
  SIMPLE_AD,
  trackingHelpers,
} from '../support/tracking';

/**
 * Completion tracking against the local cloud with the clock moved: reminders on days 1, 3 and 7 inside
 * each person's business hours, then escalation; a login between reminders stops them; overlapping runs
 * send each reminder once; a bounced invitation stops reminders and alerts the admins.
 *
 * Everyone is invited on a Thursday around 05:30 UTC (14:30 in Tokyo, 00:30 in New York), so day 3 is a
 * Sunday in both zones and New York's reminders have to wait for 09:00.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
const DAY_MS = 86_400_000;
const ADMINS = 'it-admins@example.co.jp';
const MANAGER = 'manager@example.co.jp';

const HIRES = {
  tokyo: {
    employeeId: 'E-TR-1',
    userName: 'trtokyo',
    email: 'tr.tokyo@example.co.jp',
    timeZone: 'Asia/Tokyo',
  },
  newYork: {
    employeeId: 'E-TR-2',
    userName: 'trnewyork',
    email: 'tr.newyork@example.com',
    timeZone: 'America/New_York',
    locale: 'en-US',
  },
  logsIn: {
    employeeId: 'E-TR-3',
    userName: 'trlogsin',
    email: 'tr.logsin@example.co.jp',
    timeZone: 'Asia/Tokyo',
  },
  twoRuns: {
    employeeId: 'E-TR-4',
    userName: 'trtworuns',
    email: 'tr.tworuns@example.co.jp',
    timeZone: 'Asia/Tokyo',
  },
  bounce: { employeeId: 'E-TR-5', userName: 'trbounce', email: 'bounce@simulator.amazonses.com' },
  complaint: { employeeId: 'E-TR-6', userName: 'trcomplaint', email: 'complaint@simulator.amazonses.com' },
} as const;
type Key = keyof typeof HIRES;
let ids: Record<Key, string>;
let invitedAt: Record<Key, number>;

/** The next Thursday with no holiday or closure in the two weeks after it (test/e2e/calendar.test.ts has those). */
function nextThursdayAt0530(after: Date): Date {
  const d = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 5, 30));
  const config = loadConfig();
  const calendars = ['JP', 'US'].map((country) =>
    hireCalendar(config, { person: { country }, directoryId: SIMPLE_AD }),
  );
  const quiet = (at: number) =>
    calendars.every(
      (c) =>
        daysOffBetween(c, Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()), at + 14 * DAY_MS)
          .length === 0,
    );
  while (d.getUTCDay() !== 4 || d.getTime() <= after.getTime() + 3_600_000 || !quiet(d.getTime()))
    d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

const reminderTimes = async (key: Key) => {
  if (!ids[key]) return [];
  const ledger = await t.ledger(ids[key]);
  return Object.entries(ledger)
    .filter(([k]) => k.startsWith('reminder#'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, sentAt]) => Date.parse(sentAt));
};

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  t = trackingHelpers(cloud);
  await t.moveClockTo(nextThursdayAt0530(await t.now()));
  // E-TR-4 (twoRuns) is invited by its own test, wherever the clock is then.
  const keys = (Object.keys(HIRES) as Key[]).filter((k) => k !== 'twoRuns');
  const hireIds = await t.inviteHires(keys.map((k) => HIRES[k]));
  ids = Object.fromEntries(keys.map((k, i) => [k, hireIds[i]!])) as typeof ids;
  invitedAt = {} as typeof invitedAt;
  for (const key of keys) {
    const item = await t.rawHire(ids[key]);
    invitedAt[key] = Date.parse(item!.invitedAt);
  }
}, 120_000);
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
});

describe('bounces and complaints', () => {
  it('a bounced invitation makes the hire BOUNCED, takes it off the reminder index and alerts the admins', async () => {
    for (const key of ['bounce', 'complaint'] as const) {
      await eventually(async () => (await t.stage(ids[key])) === 'BOUNCED', { what: `${key} hire BOUNCED` });
      const item = await t.rawHire(ids[key]);
      expect(item?.dueAt).toBeUndefined();
      expect(item?.bounce).toMatchObject({
        type: key === 'bounce' ? 'Bounce' : 'Complaint',
        address: HIRES[key].email,
      });
    }
    const alerts = await eventually(async () => {
      const found = (await t.emailsTo(ADMINS)).filter((m) =>
        /simulator\.amazonses\.com/.test(m.body.text ?? ''),
      );
      return found.length >= 2 ? found : undefined;
    });
    expect(alerts).toHaveLength(2);
    expect(alerts.map((m) => m.body.text).join('\n')).toContain('bounce@simulator.amazonses.com');
    expect(alerts.map((m) => m.body.text).join('\n')).toContain('complaint@simulator.amazonses.com');
    expect(alerts.every((m) => m.body.text?.includes('--email NEW_ADDRESS'))).toBe(true);
  });
});

describe('reminder runs', () => {
  it('two runs at once send each reminder once', async () => {
    [ids.twoRuns] = (await t.inviteHires([HIRES.twoRuns])) as [string];
    invitedAt.twoRuns = Date.parse((await t.rawHire(ids.twoRuns))!.invitedAt);
    const due = Date.parse((await t.rawHire(ids.twoRuns))!.dueAt);
    // Just before it is due: the schedule fires on the jump and finds nothing for this hire yet...
    await t.moveClockTo(new Date(due - 60_000));
    await eventually(
      async () => !cloud.scheduler.schedules().some((s) => s.functionKey === 'reminders' && s.running),
    );
    // ...and stays quiet for the next 15 minutes, so only the two runs below see the hire due.
    await cloud.advance('2m');
    const allReminders = async () =>
      (
        await Promise.all((Object.keys(HIRES) as Key[]).map(async (k) => (await reminderTimes(k)).length))
      ).reduce((a, b) => a + b, 0);
    const before = await allReminders();
    const event = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    const runs = (await Promise.all([
      cloud.lambdas.invoke('reminders', event),
      cloud.lambdas.invoke('reminders', event),
    ])) as { due: number; reminded: number }[];
    // Both runs saw the hire due (with others invited in the same minutes); each reminder went out once.
    expect(runs.map((r) => r.due >= 1)).toEqual([true, true]);
    expect(runs.reduce((n, r) => n + r.reminded, 0)).toBe((await allReminders()) - before);
    expect(await t.emailsTo(HIRES.twoRuns.email)).toHaveLength(2); // invitation + reminder 1
    expect(Object.keys(await t.ledger(ids.twoRuns)).sort()).toEqual(['invitation#1', 'reminder#1#1']);
    // Two more runs change nothing.
    await Promise.all([cloud.lambdas.invoke('reminders', event), cloud.lambdas.invoke('reminders', event)]);
    expect(await t.emailsTo(HIRES.twoRuns.email)).toHaveLength(2);
  });

  it('remind on days 1, 3 and 7 inside business hours in Tokyo and New York, then escalate; a login stops them; each password reminder carries a fresh link and older links say when and where the newer email went', async () => {
    // E-TR-4 is here too if its own test ran first (it was invited within minutes of the others).
    const reminded = (['tokyo', 'newYork', 'twoRuns'] as const).filter((key) => ids[key]);
    let loggedIn = false;
    const end = invitedAt.tokyo + 9 * DAY_MS;
    while ((await t.now()).getTime() < end) {
      await cloud.advance('1h');
      await cloud.runSchedule('reminders');
      if (!loggedIn && (await reminderTimes('logsIn')).length === 1) {
        await t.login(ids.logsIn);
        await eventually(async () => (await t.stage(ids.logsIn)) === 'ACTIVE', { what: 'login recorded' });
        loggedIn = true;
      }
    }
    await cloud.bus.idle();

    for (const key of reminded) {
      const zone = HIRES[key].timeZone;
      const sent = await reminderTimes(key);
      expect(sent, `${key}: three reminders`).toHaveLength(3);
      [1, 3, 7].forEach((day, i) => {
        const expected = firstBusinessMinute(invitedAt[key] + day * DAY_MS, zone);
        expect(inBusinessHours(sent[i]!, zone), `${key} reminder ${i + 1} in business hours`).toBe(true);
        // The runs here come hourly (every 15 minutes on AWS).
        expect(sent[i]! - expected, `${key} reminder ${i + 1} on day ${day}`).toBeGreaterThanOrEqual(0);
        expect(sent[i]! - expected, `${key} reminder ${i + 1} on day ${day}`).toBeLessThanOrEqual(
          61 * 60_000,
        );
      });
      expect(await t.stage(ids[key])).toBe('ESCALATED');
      const ledger = await t.ledger(ids[key]);
      const escalatedAt = Date.parse(ledger['alert-escalated#1']!);
      expect(escalatedAt - sent[2]!).toBeGreaterThanOrEqual(DAY_MS - 60 * 60_000);
      expect(inBusinessHours(escalatedAt, zone)).toBe(true);
      expect((await t.rawHire(ids[key]))?.dueAt).toBeUndefined();
      // The person got the invitation and three reminders, nothing else.
      expect(await t.emailsTo(HIRES[key].email)).toHaveLength(4);
    }

    // The escalation reaches the admins and the manager, once per hire.
    const escalations = (await cloud.inbox()).filter(
      (m) => m.destination.to.includes(ADMINS) && m.destination.to.includes(MANAGER),
    );
    expect(escalations).toHaveLength(reminded.length);

    // Logged in after the first reminder: nothing more, no escalation.
    expect(await reminderTimes('logsIn')).toHaveLength(1);
    expect(await t.stage(ids.logsIn)).toBe('ACTIVE');
    expect(Object.keys(await t.ledger(ids.logsIn))).not.toContain('alert-escalated#1');
    // Bounced: no reminder ever.
    expect(await reminderTimes('bounce')).toHaveLength(0);
    expect(await reminderTimes('complaint')).toHaveLength(0);
    expect(await t.stage(ids.bounce)).toBe('BOUNCED');

    // No email went out twice.
    const seen = (await cloud.inbox()).map((m) => `${m.destination.to.join(',')}|${m.subject}`);
    expect(new Set(seen).size).toBe(seen.length);

    // Each password reminder carried a fresh link; the older ones explain where the newer email went.
    const links = await t.setupLinks(HIRES.tokyo.email);
    expect(links).toHaveLength(4);
    expect(new Set(links).size).toBe(4);
    const first = await (await fetch(links[0]!)).text();
    expect(first).toContain('新しいメールをお送りしています');
    // When the newest link went out, as the person in Tokyo reads a clock (the test's own Intl, not ours).
    const sentAt = new Date((await t.rawHire(ids.tokyo))!.setupLinkSentAt);
    const tokyo = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Tokyo',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(sentAt)
        .map((p) => [p.type, p.value]),
    );
    for (const old of links.slice(0, 3)) {
      const opened = await fetch(old);
      expect(opened.status).toBe(410);
      const html = await opened.text();
      expect(html).toContain('新しいメールをお送りしています');
      expect(html).toContain(`${tokyo.month}月${tokyo.day}日`);
      expect(html).toContain(`${tokyo.hour}:${tokyo.minute} JST`);
      expect(html).toContain('t•••@example.co.jp');
      expect(html).not.toContain('tr.tokyo@');
      expect(html).not.toContain('<form');
      // Submitting it shows the same page and sets nothing.
      const posted = await postForm(old, { password: 'Welcome#2026', confirm: 'Welcome#2026' });
      expect(posted.status).toBe(410);
      expect(await posted.text()).toContain('t•••@example.co.jp');
    }
    expect(await t.passwordResets(HIRES.tokyo.userName)).toBe(0);
    // The newest still works for an escalated hire: a late password still counts.
    const newest = await fetch(links[3]!);
    expect(newest.status).toBe(200);
    expect(await newest.text()).toContain('<form');
  }, 240_000);
});
