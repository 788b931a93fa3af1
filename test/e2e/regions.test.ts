import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OREGON_DIRECTORY_ID,
  OREGON_REGISTRATION_CODE,
  SIMPLE_AD_DIRECTORY_ID,
  SIMPLE_AD_REGISTRATION_CODE,
} from '../../local/workspaces-sim';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { postForm } from '../support/tracking';

/**
 * Directories by rule in two Regions (config/onboarding.json: Tokyo by default, Oregon for country US and
 * for Field Sales in English): each hire is provisioned in its directory's Region, within that Region's
 * API budget, and invited with that directory's registration code; the setup page resets the password in
 * that Region.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;

const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const GOOD = 'Welcome#2026';

interface Case {
  employeeId: string;
  userName: string;
  extra: Record<string, string>;
  directoryId: string;
  region: string;
  code: string;
}

const TOKYO = {
  directoryId: SIMPLE_AD_DIRECTORY_ID,
  region: 'ap-northeast-1',
  code: SIMPLE_AD_REGISTRATION_CODE,
};
const OREGON = { directoryId: OREGON_DIRECTORY_ID, region: 'us-west-2', code: OREGON_REGISTRATION_CODE };

const CASES: Case[] = [
  { employeeId: 'E-RG-1', userName: 'rgtokyo1', extra: {}, ...TOKYO },
  { employeeId: 'E-RG-2', userName: 'rgtokyo2', extra: { country: 'JP', locale: 'en-US' }, ...TOKYO },
  { employeeId: 'E-RG-3', userName: 'rgus1', extra: { country: 'us' }, ...OREGON },
  { employeeId: 'E-RG-4', userName: 'rgus2', extra: { country: 'US', locale: 'en-US' }, ...OREGON },
  {
    employeeId: 'E-RG-5',
    userName: 'rgsales',
    extra: { department: 'Field Sales', locale: 'en-GB', country: 'GB' },
    ...OREGON,
  },
  // HR's own directoryId wins over the rules.
  {
    employeeId: 'E-RG-6',
    userName: 'rgpinned',
    extra: { country: 'US', directoryId: SIMPLE_AD_DIRECTORY_ID },
    ...TOKYO,
  },
];

const emailOf = (c: Case) => `${c.userName}@example.com`;

beforeAll(async () => {
  // AWS's 2 requests a second with bursts of 5, per Region: a Region that went over would be throttled.
  cloud = await startTestCloud({
    provisioningDelayMs: 30_000,
    workspacesBudget: { ratePerSecond: 2, burst: 5 },
  });
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function invitationTo(address: string) {
  return eventually(async () => {
    const found = (await cloud.inbox()).filter((m) => m.destination.to.includes(address));
    return found.length ? found : undefined;
  });
}

describe('directories by rule in two Regions', () => {
  const ids: Record<string, string> = {};

  it("provisions each hire in its directory's Region, within that Region's budget, with its registration code", async () => {
    for (const c of CASES) await cloud.addUsers(c.directoryId, c.userName);
    await cloud.sim('/_sim/calls/reset', {});
    for (const c of CASES) {
      const res = await cloud.postHire({
        employeeId: c.employeeId,
        userName: c.userName,
        email: emailOf(c),
        startDate: dayAfter(1),
        ...c.extra,
      });
      expect(res.status).toBe(202);
      ids[c.employeeId] = res.body.hireId as string;
    }
    for (const c of CASES) {
      expect((await table.get(ids[c.employeeId]!))?.directoryId, c.employeeId).toBe(c.directoryId);
    }
    await eventually(
      async () => {
        const stages = await Promise.all(CASES.map((c) => table.stage(ids[c.employeeId]!)));
        return stages.every((s) => s === 'QUEUED');
      },
      { what: 'every hire QUEUED' },
    );
    await cloud.driveUntil(async () => {
      const stages = await Promise.all(CASES.map((c) => table.stage(ids[c.employeeId]!)));
      return stages.every((s) => s === 'INVITED');
    }, 'every hire INVITED');

    for (const region of ['ap-northeast-1', 'us-west-2']) {
      const state = await cloud.sim(`/_sim/state?region=${region}`);
      const expected = CASES.filter((c) => c.region === region);
      const mine = state.workspaces.filter((w: { userName: string }) =>
        CASES.some((c) => c.userName === w.userName),
      );
      expect(mine.map((w: { userName: string }) => w.userName).sort(), region).toEqual(
        expected.map((c) => c.userName).sort(),
      );
      for (const w of mine) {
        expect(w).toMatchObject({ region, state: 'AVAILABLE' });
        expect(w.directoryId).toBe(expected.find((c) => c.userName === w.userName)!.directoryId);
      }
      // Each Region was called on its own, and never over its budget.
      const calls = await cloud.sim(`/_sim/calls?region=${region}`);
      expect(calls.byOperation.CreateWorkspaces.requests, region).toBeGreaterThanOrEqual(1);
      expect(calls.workspaces.throttled, region).toBe(0);
    }

    for (const c of CASES) {
      const [mail] = await invitationTo(emailOf(c));
      expect(mail!.body.text, c.employeeId).toContain(c.code);
      const other = c.code === TOKYO.code ? OREGON.code : TOKYO.code;
      expect(mail!.body.text, c.employeeId).not.toContain(other);
    }
  });

  it("sets the password on the setup page through the directory's own Region", async () => {
    const oregon = CASES.find((c) => c.userName === 'rgus1')!;
    const [mail] = await invitationTo(emailOf(oregon));
    const link = /https?:\/\/[^\s"<>]+\/setup\/[A-Za-z0-9_-]{43}/.exec(mail!.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    const done = await postForm(link!, { password: GOOD, confirm: GOOD });
    expect(done.status).toBe(200);
    expect(await table.stage(ids[oregon.employeeId]!)).toBe('PASSWORD_SET');
    const state = await cloud.sim('/_sim/state?region=us-west-2');
    const directory = state.directories.find(
      (d: { directoryId: string }) => d.directoryId === OREGON_DIRECTORY_ID,
    );
    expect(directory.passwordResets).toEqual({ rgus1: 1 });
    const calls = await cloud.sim('/_sim/calls?region=us-west-2');
    expect(calls.byOperation.ResetUserPassword).toMatchObject({ requests: 1, clientErrors: 0 });
  });

  it("learns of a sign-in in another Region from that Region's connection status, not from our event bus", async () => {
    const [oregon, tokyo] = ['rgus2', 'rgtokyo1'].map((u) => CASES.find((c) => c.userName === u)!);
    const workspaceOf = async (c: Case) => (await table.get(ids[c.employeeId]!))!.workspaceId;
    await cloud.sim('/_sim/login', { workspaceId: await workspaceOf(oregon!) });
    await cloud.sim('/_sim/login', { workspaceId: await workspaceOf(tokyo!) });
    // Tokyo's event reaches our bus; Oregon's went to the us-west-2 bus, as on AWS.
    await eventually(async () => (await table.stage(ids[tokyo!.employeeId]!)) === 'ACTIVE', {
      what: 'the Tokyo hire ACTIVE from the login event',
    });
    expect(await table.stage(ids[oregon!.employeeId]!)).toBe('INVITED');

    // The reminder run checks connections (per Region) before reminding: the Oregon hire is done, unreminded.
    await cloud.advance('4d');
    await cloud.runSchedule('reminders');
    await eventually(async () => (await table.stage(ids[oregon!.employeeId]!)) === 'ACTIVE', {
      what: 'the Oregon hire ACTIVE from the connection check',
    });
    expect(await invitationTo(emailOf(oregon!))).toHaveLength(1);
  });
});
