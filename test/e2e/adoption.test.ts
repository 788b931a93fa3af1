import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Finding 1 of issue 11 (second half): a WorkSpace that exists for a hire's user is adopted only if it
 * carries that hire's tag. Someone else's WorkSpace fails the hire with one alert naming it; `adopt` lets
 * an admin confirm it (recorded with who), and the hire then provisions with it and tags it.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let workspaces: WorkSpacesClient;
const DIRECTORY = 'd-95671a2b3c';
const BUNDLE = 'wsb-8vbljg4r6';
const ADMIN = 'it-admins@example.co.jp';
const tomorrow = () => new Date(cloud.clock.nowMs() + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
  // "Someone else" shares the account's API rate with the provisioner: like any caller, it retries a throttle.
  workspaces = new WorkSpacesClient({
    endpoint: cloud.urls.workspaces,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
  });
});
afterAll(async () => {
  table?.destroy();
  workspaces?.destroy();
  await cloud?.stop();
});

/** Someone outside the product (the console, another tool) gives the user a WorkSpace. */
async function workspaceMadeElsewhere(userName: string, tags?: { Key: string; Value: string }[]) {
  await cloud.addUsers(DIRECTORY, userName);
  const out = await workspaces.send(
    new CreateWorkspacesCommand({
      Workspaces: [
        { DirectoryId: DIRECTORY, UserName: userName, BundleId: BUNDLE, ...(tags ? { Tags: tags } : {}) },
      ],
    }),
  );
  const id = out.PendingRequests?.[0]?.WorkspaceId;
  if (!id) throw new Error(`no WorkSpace for ${userName}: ${JSON.stringify(out.FailedRequests)}`);
  return id;
}

const alertsAbout = async (employeeId: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(ADMIN) && m.body.text?.includes(employeeId));

async function queued(employeeId: string, userName: string) {
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

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    cwd: process.cwd(),
    env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: cloud.adminToken },
    sessionFile: join(tmpdir(), 'no-such-local-cloud.json'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function simWorkspacesOf(userName: string) {
  const state = await cloud.sim('/_sim/state');
  return (
    state.workspaces as { workspaceId: string; userName: string; tags: { Key: string; Value?: string }[] }[]
  ).filter((w) => w.userName.toLowerCase() === userName);
}

describe('a WorkSpace someone else made for the user', () => {
  it('fails the hire with one alert naming it; adopt confirms it, recorded with who; then INVITED with it', async () => {
    const foreign = await workspaceMadeElsewhere('ohayashi');
    const hireId = await queued('E-ADOPT-1', 'ohayashi');

    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'FAILED', 'E-ADOPT-1 FAILED', 10);
    const hire = await table.get(hireId);
    expect(hire?.workspaceId).toBeUndefined();
    expect(hire?.lastError?.error).toBe('WorkspaceNotOurs');
    expect(hire?.foreignWorkspace).toMatchObject({ workspaceId: foreign });
    const alerts = await eventually(async () => {
      const found = await alertsAbout('E-ADOPT-1');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain('ユーザーには別の WorkSpace があります');
    expect(alerts[0]!.subject).not.toContain('WorkspaceNotOurs');
    expect(alerts[0]!.body.text).toContain(foreign);
    expect(alerts[0]!.body.text).toMatch(new RegExp(`${foreign} \\((PENDING|AVAILABLE)\\)`));
    expect(alerts[0]!.body.text).toContain('adopt E-ADOPT-1');
    // Nothing was handed over: no invitation, and the WorkSpace still carries no tag of ours.
    expect((await cloud.inbox()).filter((m) => m.destination.to.includes('ohayashi@example.co.jp'))).toEqual(
      [],
    );
    expect((await simWorkspacesOf('ohayashi'))[0]!.tags).toEqual([]);

    const status = await cli(['status', 'E-ADOPT-1']);
    expect(status.stdout).toContain(`WorkSpace ${foreign}`);
    expect(status.stdout).toContain('adopt E-ADOPT-1');

    const adopted = await cli(['adopt', 'E-ADOPT-1']);
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(`WorkSpace ${foreign} confirmed`);

    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'E-ADOPT-1 INVITED', 15);
    expect((await table.get(hireId))?.workspaceId).toBe(foreign);
    const mine = await simWorkspacesOf('ohayashi');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.tags).toContainEqual({ Key: 'onboarding:hireId', Value: hireId });

    const history = (await cli(['status', 'E-ADOPT-1', '--json'])).stdout;
    const timeline = JSON.parse(history).timeline as { type: string; by?: string; detail?: any }[];
    expect(timeline.find((e) => e.type === 'adoption-confirmed')).toMatchObject({
      by: 'token:local-admin',
      detail: { workspaceId: foreign },
    });
    expect(timeline.find((e) => e.type === 'workspace-adopted')).toMatchObject({
      detail: { workspaceId: foreign, confirmed: true },
    });
    // Still one alert: the adoption itself alerts nobody.
    expect(await alertsAbout('E-ADOPT-1')).toHaveLength(1);
  });

  it('a confirmed WorkSpace that cannot be tagged (50 tags already) is not adopted: FAILED again, alerted again', async () => {
    const full = Array.from({ length: 50 }, (_, i) => ({ Key: `team:${i}`, Value: 'x' }));
    const foreign = await workspaceMadeElsewhere('tfull', full);
    const hireId = await queued('E-ADOPT-5', 'tfull');
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'FAILED', 'E-ADOPT-5 FAILED', 10);
    expect((await cli(['adopt', 'E-ADOPT-5'])).code).toBe(0);
    await cloud.driveUntil(
      async () => (await table.get(hireId))?.retryCount === 1 && (await table.stage(hireId)) === 'FAILED',
      'E-ADOPT-5 FAILED again',
      10,
    );
    const hire = await table.get(hireId);
    expect(hire?.workspaceId).toBeUndefined();
    expect(hire?.lastError?.cause).toContain('ResourceLimitExceededException');
    expect(hire?.foreignWorkspace?.workspaceId).toBe(foreign);
    await eventually(async () => (await alertsAbout('E-ADOPT-5')).length === 2, { what: 'a second alert' });
    expect((await simWorkspacesOf('tfull'))[0]!.tags).toHaveLength(50);
  });

  it('refuses adopt for a hire that did not fail on an existing WorkSpace', async () => {
    await cloud.addUsers(DIRECTORY, 'pkondo');
    const hireId = await queued('E-ADOPT-2', 'pkondo');
    const early = await cli(['adopt', 'E-ADOPT-2']);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/cannot adopt .* in stage QUEUED/);
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'E-ADOPT-2 INVITED', 15);
  });

  it('made by someone else for the next user: CreateWorkspaces refuses it (ResourceExists), never adopted', async () => {
    const foreign = await workspaceMadeElsewhere('rnoda');
    const creates = async () => (await cloud.sim('/_sim/calls')).byOperation.CreateWorkspaces?.requests ?? 0;
    const before = await creates();
    const second = await queued('E-ADOPT-4', 'rnoda');
    await cloud.driveUntil(async () => (await table.stage(second)) === 'FAILED', 'E-ADOPT-4 FAILED', 10);
    // The provisioner tried to create (no listing to tell it first), got ResourceExists, then asked whose it is.
    expect(await creates()).toBeGreaterThan(before);
    expect((await table.get(second))?.foreignWorkspace?.workspaceId).toBe(foreign);
    await eventually(async () => (await alertsAbout('E-ADOPT-4')).length === 1, { what: 'one alert' });
    expect(await simWorkspacesOf('rnoda')).toHaveLength(1);
  });
});

describe('a WorkSpace already tagged for this hire', () => {
  it('is adopted without an alert (a create whose answer was lost)', async () => {
    const ownId = await workspaceMadeElsewhere('sueda', [{ Key: 'onboarding:hireId', Value: 'hr-E-OWN-1' }]);
    const hireId = await queued('E-OWN-1', 'sueda');
    expect(hireId).toBe('hr-E-OWN-1');
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'E-OWN-1 INVITED', 15);
    expect((await table.get(hireId))?.workspaceId).toBe(ownId);
    expect(await simWorkspacesOf('sueda')).toHaveLength(1);
    expect(await alertsAbout('E-OWN-1')).toEqual([]);
  });
});
