import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { type StallingProxy, startStallingProxy } from '../support/stalling-proxy';

/**
 * A directory with `createUsers: true` (the sample's AWS Managed Microsoft AD): a hire whose account does
 * not exist gets it from the provisioner through Directory Service Data and reaches INVITED with nobody's
 * help, with exactly one account made, also when CreateUser's answer is lost and when the provisioner is
 * stopped right after CreateUser. With Directory Service Data off, the hire waits and the alert says how to
 * turn it on. The functions reach WorkSpaces through a proxy that can hold one request.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let workspaces: StallingProxy;
const MANAGED_AD = 'd-9067c0ffee';
const ADMIN = 'it-admins@example.co.jp';

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
  workspaces = await startStallingProxy(cloud.urls.workspaces);
  // Before the provisioner's first call: its WorkSpaces clients are built on first use.
  process.env.AWS_ENDPOINT_URL_WORKSPACES = workspaces.url;
  // On the shipped bundles the cloud builds them first: minutes on a busy machine.
}, 300_000);
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
  await workspaces?.close();
});

const startDate = () => new Date(cloud.clock.nowMs() + 3 * 86_400_000).toISOString().slice(0, 10);

async function queuedHire(employeeId: string, userName: string) {
  const res = await cloud.postHire({
    employeeId,
    userName,
    givenName: 'Ken',
    familyName: 'Mori',
    email: `${userName}@example.co.jp`,
    startDate: startDate(),
    directoryId: MANAGED_AD,
  });
  expect(res.status).toBe(202);
  const hireId = res.body.hireId as string;
  await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: `${employeeId} QUEUED` });
  return hireId;
}

/** The accounts Directory Service Data created for this user name in the Managed AD directory. */
async function created(userName: string) {
  const state = await cloud.sim('/_sim/state');
  const directory = state.directories.find((d: { directoryId: string }) => d.directoryId === MANAGED_AD);
  return (directory.createdUsers as { userName: string; givenName?: string; email?: string }[]).filter(
    (u) => u.userName === userName,
  );
}

const adminMail = async (employeeId: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(ADMIN) && m.body.text?.includes(employeeId));

const invited = (hireId: string, employeeId: string) =>
  cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', `${employeeId} INVITED`, 15);

describe('a hire in a directory where the product creates accounts', () => {
  it('gets its account and its WorkSpace with no admin step: INVITED, one account, no alert', async () => {
    const hireId = await queuedHire('E-MAD-1', 'madnew1');
    await invited(hireId, 'E-MAD-1');
    expect(await created('madnew1')).toEqual([
      expect.objectContaining({
        userName: 'madnew1',
        givenName: 'Ken',
        surname: 'Mori',
        email: 'madnew1@example.co.jp',
      }),
    ]);
    await eventually(async () =>
      (await cloud.inbox()).some((m) => m.destination.to.includes('madnew1@example.co.jp')),
    );
    expect(await adminMail('E-MAD-1')).toHaveLength(0);
  });

  it('CreateUser’s answer lost: the account is there once and the hire goes on', async () => {
    await cloud.sim('/_sim/faults', { loseCreateUserAnswers: 1 });
    const hireId = await queuedHire('E-MAD-2', 'madlost2');
    await invited(hireId, 'E-MAD-2');
    expect(await created('madlost2')).toHaveLength(1);
    expect((await cloud.sim('/_sim/faults')).loseCreateUserAnswers).toBe(0);
  });

  it('the provisioner stopped right after CreateUser: the next run finds the account and makes no second one', async () => {
    const hireId = await queuedHire('E-MAD-3', 'madkill3');
    // CreateUser succeeds; the CreateWorkspaces after it never gets through, so the run is stopped at its
    // timeout, as Lambda stops it, between the two.
    const stuck = workspaces.stall(
      'neverArrive',
      (r) =>
        r.headers['x-amz-target'] === 'WorkspacesService.CreateWorkspaces' && r.body.includes('"madkill3"'),
    );
    const errorsBefore = cloud.lambdas.stats().errors.provisioner ?? 0;
    await cloud.runSchedule('provisioner');
    await stuck.arrived;
    expect(cloud.lambdas.stats().errors.provisioner).toBe(errorsBefore + 1);
    expect(await created('madkill3')).toHaveLength(1);
    expect(await table.stage(hireId)).toBe('QUEUED');

    await invited(hireId, 'E-MAD-3');
    expect(await created('madkill3')).toHaveLength(1);
  }, 120_000);

  it('with Directory Service Data off: waits, alerts once with how to enable it; enabled, it goes on', async () => {
    await cloud.sim('/_sim/directories/data-access', { directoryId: MANAGED_AD, status: 'Disabled' });
    // The provisioner trusts the status it saw for a few minutes: move past that.
    await cloud.advance('6m');
    const hireId = await queuedHire('E-MAD-4', 'madoff4');
    await cloud.runSchedule('provisioner');
    const [alert] = await eventually(async () => {
      const found = await adminMail('E-MAD-4');
      return found.length ? found : undefined;
    });
    expect(alert!.subject).toContain('madoff4');
    expect(alert!.body.text).toContain('Directory Service Data');
    expect(alert!.body.text).toContain(
      `aws ds enable-directory-data-access --directory-id ${MANAGED_AD} --region ${cloud.region}`,
    );
    expect(await table.stage(hireId)).toBe('QUEUED');
    expect(await created('madoff4')).toHaveLength(0);

    await cloud.sim('/_sim/directories/data-access', { directoryId: MANAGED_AD, status: 'Enabled' });
    await invited(hireId, 'E-MAD-4');
    expect(await created('madoff4')).toHaveLength(1);
    expect(await adminMail('E-MAD-4')).toHaveLength(1);
  });
});
