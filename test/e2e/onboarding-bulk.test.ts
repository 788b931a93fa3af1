import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * 1,000 hires posted at once, under the simulator's 2 requests/s budget: no hire fails from throttling,
 * nobody gets a second WorkSpace or email, and CreateWorkspaces is called ceil(1000/25) times plus retries.
 * (Time to all invited is measured by `npm run bench`, not asserted here.)
 */
const N = 1000;
const DIRECTORY = 'd-95671a2b3c';
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

describe(`${N} hires at once`, () => {
  it('are all invited inside the API budget, once each', { timeout: 240_000 }, async () => {
    const users = Array.from({ length: N }, (_, i) => `bulk${String(i).padStart(4, '0')}`);
    await cloud.sim('/_sim/users', { directoryId: DIRECTORY, userNames: users });
    await cloud.sim('/_sim/calls/reset', {});
    const startDate = new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);

    const responses = await inBatches(users, 50, (userName) =>
      cloud.postHire({
        employeeId: `E-${userName}`,
        userName,
        email: `${userName}@example.co.jp`,
        startDate,
      }),
    );
    expect(responses.filter((r) => r.status !== 202)).toEqual([]);

    const settled = async () => {
      const hires = await table.hires();
      const mine = hires.filter((h) => h.person.userName.startsWith('bulk'));
      return mine.length === N && mine.every((h) => h.stage === 'INVITED' || h.stage === 'FAILED')
        ? mine
        : undefined;
    };
    // Every workflow has queued its hire (the scheduled provisioner may have moved some on already).
    await eventually(async () => (await table.hires()).filter((h) => h.stage !== 'RECEIVED').length === N, {
      timeoutMs: 60_000,
      what: 'all hires QUEUED',
    });
    for (let minute = 0; minute < 30 && !(await settled()); minute++) {
      await cloud.advance('1m');
      await cloud.runSchedule('provisioner');
    }
    const hires = await eventually(settled, { timeoutMs: 30_000, what: 'all hires settled' });

    expect(hires.filter((h) => h.stage === 'FAILED').map((h) => h.lastError)).toEqual([]);
    const state = await cloud.sim('/_sim/state');
    const perUser = new Map<string, number>();
    for (const ws of state.workspaces) perUser.set(ws.userName, (perUser.get(ws.userName) ?? 0) + 1);
    expect(users.filter((u) => perUser.get(u) !== 1)).toEqual([]);
    const inbox = await cloud.inbox();
    const perAddress = new Map<string, number>();
    for (const m of inbox)
      for (const to of m.destination.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(users.filter((u) => perAddress.get(`${u}@example.co.jp`) !== 1)).toEqual([]);

    const calls = await cloud.sim('/_sim/calls');
    const creates = calls.byOperation.CreateWorkspaces;
    expect(creates.requests - creates.throttled - creates.faults).toBe(Math.ceil(N / 25));
    // Lower bound: creates + polls of 25 IDs + one directory read; allow 20 % for retries and re-polls.
    const lowerBound = 2 * Math.ceil(N / 25) + 1;
    expect(calls.workspaces.requests).toBeLessThanOrEqual(Math.ceil(1.2 * lowerBound));
  });
});
