import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * What goes wrong in practice: the user is not in the directory yet, a WorkSpace ends in ERROR, the API
 * throttles and fails. Every hire ends INVITED or FAILED with an admin alert; none is lost, none done twice.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
const DIRECTORY = 'd-95671a2b3c';
const ADMIN = 'it-admins@example.co.jp';
const tomorrow = () => new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function tick(minutes = 1) {
  await cloud.advance(`${minutes}m`);
  await cloud.runSchedule('provisioner');
}

async function until(hireIds: string[], done: (stage: string | undefined) => boolean, maxMinutes: number) {
  for (let i = 0; i < maxMinutes; i++) {
    const stages = await Promise.all(hireIds.map((id) => table.stage(id)));
    if (stages.every(done)) return stages;
    await tick();
  }
  return eventually(
    async () => {
      const stages = await Promise.all(hireIds.map((id) => table.stage(id)));
      return stages.every(done) ? stages : undefined;
    },
    { timeoutMs: 5_000, what: 'hires to settle' },
  );
}

const alertsAbout = async (employeeId: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(ADMIN) && m.body.text?.includes(employeeId));

describe('a user who is not in the directory yet', () => {
  it('is retried while the directory catches up, then provisioned', async () => {
    const res = await cloud.postHire({
      employeeId: 'E-LATE-1',
      userName: 'lateuser',
      email: 'late@example.co.jp',
      startDate: tomorrow(),
    });
    const hireId = res.body.hireId;
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED');
    await tick();
    expect(await table.stage(hireId)).toBe('QUEUED');
    expect((await table.get(hireId))?.lastError?.error).toBe('UnknownUser');
    await cloud.sim('/_sim/users', { directoryId: DIRECTORY, userNames: ['lateuser'] });
    await until([hireId], (s) => s === 'INVITED', 20);
  });
  // Waiting until the start date, the alerts and the failure after it: test/e2e/directory-wait.test.ts.
});

describe('a WorkSpace that ends in ERROR', () => {
  it('fails the hire and alerts the admins once; no invitation goes out', async () => {
    await cloud.sim('/_sim/users', { directoryId: DIRECTORY, userNames: ['erruser'] });
    await cloud.sim('/_sim/faults', { nextWorkspacesError: 1 });
    const res = await cloud.postHire({
      employeeId: 'E-ERR-1',
      userName: 'erruser',
      email: 'err@example.co.jp',
      startDate: tomorrow(),
    });
    const hireId = res.body.hireId;
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED');
    await until([hireId], (s) => s === 'FAILED', 20);
    expect((await table.get(hireId))?.lastError?.error).toBe('WorkspaceError');
    await eventually(async () => (await alertsAbout('E-ERR-1')).length === 1);
    expect((await cloud.inbox()).filter((m) => m.destination.to.includes('err@example.co.jp'))).toHaveLength(
      0,
    );
  });
});

describe('a flaky, throttling API', () => {
  it('30% throttling and 5% server errors: every hire INVITED once, no second WorkSpace, no second email', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `flaky${i}`);
    await cloud.sim('/_sim/users', { directoryId: DIRECTORY, userNames: users });
    await cloud.sim('/_sim/faults', { throttleRate: 0.3, serverErrorRate: 0.05 });
    const hireIds = await Promise.all(
      users.map(async (userName, i) => {
        const res = await cloud.postHire({
          employeeId: `E-FLAKY-${i}`,
          userName,
          email: `${userName}@example.co.jp`,
          startDate: tomorrow(),
        });
        expect(res.status).toBe(202);
        return res.body.hireId as string;
      }),
    );
    await eventually(async () =>
      (await Promise.all(hireIds.map((id) => table.stage(id)))).every((s) => s === 'QUEUED'),
    );
    const stages = await until(hireIds, (s) => s === 'INVITED' || s === 'FAILED', 40);
    await cloud.sim('/_sim/faults', { throttleRate: 0, serverErrorRate: 0 });

    const state = await cloud.sim('/_sim/state');
    const inbox = await cloud.inbox();
    for (const userName of users) {
      expect(state.workspaces.filter((w: any) => w.userName === userName).length).toBeLessThanOrEqual(1);
      expect(
        inbox.filter((m) => m.destination.to.includes(`${userName}@example.co.jp`)).length,
      ).toBeLessThanOrEqual(1);
    }
    // SDK retries absorb throttling and transient faults: nobody fails because of them.
    expect(stages.filter((s) => s === 'INVITED')).toHaveLength(users.length);
    const calls = await cloud.sim('/_sim/calls');
    expect(calls.workspaces.throttled + calls.workspaces.faults).toBeGreaterThan(0);
  });
});
