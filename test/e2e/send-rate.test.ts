import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { dayAfter, SIMPLE_AD, trackingHelpers } from '../support/tracking';

/**
 * The SES account's limits end to end: the local SES refuses as SES does (a second email in one second at
 * a rate of 1, any email past the 24-hour quota), and the product's senders keep to them. The functions
 * read the limits once and keep them for minutes: a test that changes them moves the clock past that.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;

interface Sends {
  highestRate: number;
  sent: number;
  refused: { rate: number; quota: number; sandbox: number };
}

beforeAll(async () => {
  cloud = await startTestCloud({ sesAccount: { maxSendRate: 1 } });
  t = trackingHelpers(cloud);
});
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
});
const sesCall = async <T>(path: string, body?: unknown) => {
  const res = await fetch(`${cloud.urls.ses}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as T;
};

const hires = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    employeeId: `E-${prefix}-${i + 1}`,
    userName: `${prefix.toLowerCase()}${i + 1}`,
    email: `${prefix.toLowerCase()}.${i + 1}@example.co.jp`,
    // No manager: no readiness email, so the test counts only invitations against the quota.
    managerEmail: undefined,
  }));

describe('SES limits', () => {
  it('at 1 email a second, hires invited at once all reach INVITED and SES never sees two in a second', {
    timeout: 120_000,
  }, async () => {
    await sesCall('/_sim/sends', undefined);
    const ids = await t.inviteHires(hires('RATE', 5));
    expect(await Promise.all(ids.map((id) => t.stage(id)))).toEqual(ids.map(() => 'INVITED'));
    const sends = await sesCall<Sends>('/_sim/sends');
    expect(sends.sent).toBeGreaterThanOrEqual(5);
    expect(sends.highestRate).toBe(1);
  });

  it('past the 24-hour quota an invitation waits, one alert goes out, and it is sent once the quota allows', async () => {
    // Room for two invitations; the one admin address of the sample configuration is kept for the alert.
    const c = cloud;
    const account = await sesCall<{ sentLast24Hours: number; sentBefore: number; max24HourSend: number }>(
      '/_sim/account',
    );
    const room = 2 + 1;
    await sesCall('/_sim/account', {
      sentBefore: account.sentBefore + account.max24HourSend - account.sentLast24Hours - room,
    });
    // Past the minutes the functions keep the limits they read, and the hour after which they set the
    // shared room from SES's count again.
    await c.advance('2h');
    const people = hires('QUOTA', 3);
    await c.addUsers(SIMPLE_AD, ...people.map((p) => p.userName));
    const ids: string[] = [];
    for (const person of people) {
      const res = await c.postHire({ startDate: dayAfter(1), ...person });
      expect(res.status).toBe(202);
      ids.push(res.body.hireId as string);
    }
    const stages = () => Promise.all(ids.map((id) => t.stage(id)));
    const alerts = async () => (await c.inbox()).filter((m) => m.subject.includes('SES'));
    await c.driveUntil(async () => (await alerts()).length > 0, 'the quota alert');
    expect((await stages()).filter((s) => s === 'INVITED')).toHaveLength(2);
    const waiting = ids[(await stages()).findIndex((s) => s !== 'INVITED')]!;
    expect(await t.stage(waiting)).toBe('PROVISIONING');
    expect(await status(waiting)).toContain('invitation-deferred');

    // A day later the 24 hours have rolled on: the invitation goes out with no one acting, no second alert.
    await c.advance('25h');
    await eventually(async () => (await t.stage(waiting)) === 'INVITED', {
      what: 'the deferred invitation sent',
    });
    expect(await t.emailsTo(people[ids.indexOf(waiting)]!.email)).toHaveLength(1);
    expect(await alerts()).toHaveLength(1);
    expect((await sesCall<Sends>('/_sim/sends')).refused.quota).toBe(0); // deferred before SES had to refuse
    // The account as it was; past the hour after which every function reads the room again.
    await sesCall('/_sim/account', { sentBefore: account.sentBefore });
    await c.advance('2h');
  });
});

/** The hire's status as the admin API answers it (`npm run admin -- status`), history included. */
async function status(hireId: string): Promise<string> {
  const res = await fetch(`${cloud.urls.http}/admin/hires/${encodeURIComponent(hireId)}`, {
    headers: { authorization: `Bearer ${cloud.adminToken}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}
