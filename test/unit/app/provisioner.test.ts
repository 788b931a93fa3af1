import { describe, expect, it } from 'vitest';
import { ExecutionSupersededError, HireAlreadyInvitedError } from '../../../src/kernel/errors';
import { runProvisioner } from '../../../src/provisioning/provision';
import { requestWorkspace } from '../../../src/provisioning/request-workspace';
import { hireTags } from '../../../src/provisioning/rules';
import { AD_CONNECTOR, appWorld, fakeWorkspaces, SIMPLE_AD, sampleHire } from '../../support/fakes';

/**
 * The workflow's RequestWorkspace task and the provisioner's runs, on the in-memory table and a fake
 * WorkSpaces: creates, adoptions of our own WorkSpaces only, waits for a directory account, polls.
 */
const MINUTE = 60_000;
const plenty = () => 60_000;

function world() {
  const w = appWorld({ start: '2027-03-25T00:00:00Z', users: { [SIMPLE_AD]: ['hyamada'] } });
  /** A hire the workflow has queued (RequestWorkspace ran with its task token). */
  const queue = async (over: Parameters<typeof sampleHire>[0] = {}) => {
    const hire = sampleHire(over);
    w.stores.seed(hire);
    await requestWorkspace(w.deps, {
      hireId: hire.hireId,
      taskToken: `token-${hire.hireId}`,
      executionName: hire.executionName,
    });
    return hire.hireId;
  };
  const run = () => runProvisioner(w.deps, plenty);
  return { ...w, queue, run };
}

describe('RequestWorkspace', () => {
  it("queues the hire with the task token and its place on the provisioner's queue", async () => {
    const w = world();
    const hireId = await w.queue();
    expect(w.table.hires.get(hireId)).toMatchObject({ stage: 'QUEUED', taskToken: `token-${hireId}` });
    expect(w.table.work.get(hireId)).toEqual({ queue: 'QUEUED', dueAt: w.clock.now().toISOString() });
    expect(w.table.events.get(hireId)).toEqual([
      expect.objectContaining({ type: 'queued', stage: 'QUEUED' }),
    ]);
  });

  it('entered again (a retried task) keeps the place and takes the new token', async () => {
    const w = world();
    const hireId = await w.queue();
    w.table.work.delete(hireId);
    await requestWorkspace(w.deps, { hireId, taskToken: 'token-retry', executionName: 'hire-hr-E-1' });
    expect(w.table.hires.get(hireId)).toMatchObject({ stage: 'QUEUED', taskToken: 'token-retry' });
    expect(w.table.work.get(hireId)).toMatchObject({ queue: 'QUEUED' });
  });

  it('for a hire invited already ends the replay (HireAlreadyInvitedError)', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'INVITED' }));
    await expect(
      requestWorkspace(w.deps, { hireId: 'hr-E-1', taskToken: 't', executionName: 'hire-hr-E-1' }),
    ).rejects.toBeInstanceOf(HireAlreadyInvitedError);
  });

  it("from an execution that is not the hire's current one never touches it", async () => {
    const w = world();
    w.stores.seed(sampleHire({ executionName: 'hire-hr-E-1-s1' }));
    await expect(
      requestWorkspace(w.deps, { hireId: 'hr-E-1', taskToken: 't', executionName: 'hire-hr-E-1' }),
    ).rejects.toBeInstanceOf(ExecutionSupersededError);
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ stage: 'RECEIVED', version: 1 });
  });
});

describe('a provisioner run', () => {
  it("creates the WorkSpace with the hire's tags, then resumes the workflow once it is AVAILABLE", async () => {
    const w = world();
    const hireId = await w.queue();
    expect(await w.run()).toMatchObject({ created: 1, failed: 0 });
    const hire = w.table.hires.get(hireId)!;
    expect(hire).toMatchObject({ stage: 'PROVISIONING', provisioningStartedAt: w.clock.now().toISOString() });
    const made = w.ws.workspaces.get(hire.workspaceId!)!;
    expect(made.tags).toEqual(hireTags(hireId));
    expect(w.table.work.get(hireId)).toEqual({
      queue: 'PROVISIONING',
      dueAt: new Date(w.clock.nowMs() + w.config.provisioning.firstPollAfterMinutes * MINUTE).toISOString(),
    });

    // Still PENDING at the first poll: polled again later, nothing else.
    w.clock.advance(w.config.provisioning.firstPollAfterMinutes * MINUTE);
    expect(await w.run()).toMatchObject({ available: 0, rescheduled: 1 });
    w.ws.setState(hire.workspaceId!, 'AVAILABLE');
    w.clock.advance(w.config.provisioning.pollEveryMinutes * MINUTE);
    expect(await w.run()).toMatchObject({ available: 1 });
    expect(w.sfn.resumed).toEqual([
      {
        taskToken: `token-${hireId}`,
        output: {
          workspaceId: hire.workspaceId,
          state: 'AVAILABLE',
          directory: {
            directoryId: SIMPLE_AD,
            registrationCode: 'SLiad+ABC123',
            directoryType: 'SIMPLE_AD',
            alias: 'corp',
          },
        },
      },
    ]);
    expect(w.table.work.has(hireId)).toBe(false);
    expect(w.table.events.get(hireId)!.map((e) => e.type)).toEqual([
      'queued',
      'workspace-created',
      'workspace-available',
    ]);
  });

  it('fails the task of a WorkSpace that went to ERROR, naming why', async () => {
    const w = world();
    const hireId = await w.queue();
    await w.run();
    w.ws.setState(w.table.hires.get(hireId)!.workspaceId!, 'ERROR');
    w.clock.advance(5 * MINUTE);
    expect(await w.run()).toMatchObject({ failed: 1 });
    expect(w.sfn.failed).toEqual([
      expect.objectContaining({ taskToken: `token-${hireId}`, error: 'WorkspaceError' }),
    ]);
    expect(w.table.work.has(hireId)).toBe(false);
    expect(w.table.hires.get(hireId)!.lastError).toMatchObject({ error: 'WorkspaceError' });
  });

  it('waits for a directory account that does not exist yet, alerting the admins once', async () => {
    const w = world();
    const hireId = await w.queue({ person: { ...sampleHire().person, userName: 'nobody' } });
    expect(await w.run()).toMatchObject({ waitingForAccount: 1, created: 0 });
    expect(await w.run()).toMatchObject({ waitingForAccount: 1 });
    const hire = w.table.hires.get(hireId)!;
    expect(hire.stage).toBe('QUEUED');
    expect(hire.directoryWait).toMatchObject({
      since: w.clock.now().toISOString(),
      alertedAt: expect.any(String),
    });
    expect(w.ses.sent).toHaveLength(1);
    expect(w.ses.sent[0]!.text).toContain('nobody');

    // The account appears: the next run creates the WorkSpace.
    w.ws.addUser(SIMPLE_AD, 'nobody');
    expect(await w.run()).toMatchObject({ created: 1 });
    expect(w.table.hires.get(hireId)!.directoryWait).toBeUndefined();
  });

  it('adopts a WorkSpace made for this hire (a create whose answer was lost), never one that is not', async () => {
    const w = world();
    const ours = await w.queue();
    const oursWs = w.ws.add({ userName: 'hyamada', state: 'PENDING', tags: hireTags(ours) });
    const theirs = await w.queue({
      person: { ...sampleHire().person, employeeId: 'E-2', userName: 'jsmith' },
      directoryId: AD_CONNECTOR,
    });
    const theirsWs = w.ws.add({
      userName: 'jsmith',
      directoryId: AD_CONNECTOR,
      tags: hireTags('hr-someone-else'),
    });

    // CreateWorkspaces refuses both (ResourceExists); the next run asks whose each WorkSpace is.
    expect(await w.run()).toMatchObject({ rescheduled: 2, created: 0 });
    expect(w.table.hires.get(ours)).toMatchObject({
      stage: 'QUEUED',
      lastError: { error: 'WorkspaceExists' },
    });
    expect(await w.run()).toMatchObject({ adopted: 1, failed: 1, created: 0 });
    expect(w.table.hires.get(ours)).toMatchObject({ stage: 'PROVISIONING', workspaceId: oursWs });
    expect(w.table.hires.get(theirs)).toMatchObject({
      stage: 'QUEUED',
      foreignWorkspace: { workspaceId: theirsWs, taggedHireId: 'hr-someone-else' },
    });
    expect(w.sfn.failed).toEqual([
      expect.objectContaining({ taskToken: `token-${theirs}`, error: 'WorkspaceNotOurs' }),
    ]);
    expect(w.table.work.has(theirs)).toBe(false);
  });

  it('spends no call on the WorkSpaces a big directory has already: 25 new hires, one CreateWorkspaces', async () => {
    const w = world();
    for (let i = 0; i < 2_000; i++) w.ws.add({ userName: `staff${i}` });
    const users = Array.from({ length: 25 }, (_, i) => `new${i}`);
    for (const user of users) w.ws.addUser(SIMPLE_AD, user);
    for (const [i, userName] of users.entries())
      await w.queue({ person: { ...sampleHire().person, employeeId: `N-${i}`, userName } });
    expect(await w.run()).toMatchObject({ created: 25 });
    expect(w.ws.api.calls()).toEqual({ CreateWorkspaces: 1 });
  });

  it('tags and adopts the WorkSpace an admin confirmed for the hire', async () => {
    const w = world();
    const existing = w.ws.add({ userName: 'hyamada' });
    const hireId = await w.queue({ adoptWorkspaceId: existing });
    expect(await w.run()).toMatchObject({ adopted: 1 });
    expect(w.ws.workspaces.get(existing)!.tags).toEqual(hireTags(hireId));
    expect(w.table.hires.get(hireId)).toMatchObject({ stage: 'PROVISIONING', workspaceId: existing });
    expect(w.table.hires.get(hireId)!.adoptWorkspaceId).toBeUndefined();
  });

  it("takes turns between polls and creates, and resumes a poll's 25 hires side by side", async () => {
    const w = world();
    const first = Array.from({ length: 50 }, (_, i) => `first${i}`);
    const second = Array.from({ length: 50 }, (_, i) => `second${i}`);
    for (const user of [...first, ...second]) w.ws.addUser(SIMPLE_AD, user);
    const queueUser = (employeeId: string, userName: string) =>
      w.queue({ person: { ...sampleHire().person, employeeId, userName } });
    for (const [i, user] of first.entries()) await queueUser(`F-${i}`, user);
    expect(await w.run()).toMatchObject({ created: 50 });
    for (const ws of w.ws.workspaces.values()) w.ws.setState(ws.workspaceId, 'AVAILABLE');
    w.clock.advance(w.config.provisioning.firstPollAfterMinutes * MINUTE);
    for (const [i, user] of second.entries()) await queueUser(`S-${i}`, user);

    const order: string[] = [];
    const api = w.ws.api;
    const { createWorkspaces, describeByIds } = api;
    api.createWorkspaces = (requests) => {
      order.push('create');
      return createWorkspaces(requests);
    };
    api.describeByIds = (ids) => {
      order.push('poll');
      return describeByIds(ids);
    };
    let resuming = 0;
    let most = 0;
    const resume = w.deps.workflows.resume.bind(w.deps.workflows);
    w.deps.workflows.resume = async (token, output) => {
      most = Math.max(most, ++resuming);
      await new Promise((r) => setTimeout(r, 1));
      resuming--;
      return resume(token, output);
    };

    expect(await w.run()).toMatchObject({ created: 50, available: 50 });
    // The first wave's invitations start while the second is still being created.
    expect(order).toEqual(['poll', 'create', 'poll', 'create']);
    expect(most).toBe(25);
  });

  it('leaves a hire cancelled meanwhile alone', async () => {
    const w = world();
    const hireId = await w.queue();
    await w.deps.hires.move(hireId, { to: 'CANCELLED' });
    w.table.work.set(hireId, { queue: 'QUEUED', dueAt: w.clock.now().toISOString() });
    await w.run();
    expect(w.table.hires.get(hireId)!.stage).toBe('CANCELLED');
  });
});

describe('a provisioner run over directories in two Regions', () => {
  const OREGON = 'd-926724b1c0';

  function twoRegions() {
    const w = world();
    w.ws.addUser(SIMPLE_AD, 'tokyo1');
    const west = fakeWorkspaces({ users: { [OREGON]: ['oregon1', 'oregon2'] } });
    west.directories.set(OREGON, {
      directoryId: OREGON,
      registrationCode: 'SLiad+USW2XY',
      directoryType: 'SIMPLE_AD',
    });
    w.deps.workspaces = {
      forDirectory: (id) => (id === OREGON ? west.api : w.ws.api),
      calls: () => ({}),
    };
    w.deps.regionOf = (id) => (id === OREGON ? 'us-west-2' : 'ap-northeast-1');
    return { ...w, west };
  }

  it("creates and polls each hire through its directory's Region, with that directory's registration code", async () => {
    const w = twoRegions();
    const tokyo = await w.queue({
      person: { ...sampleHire().person, employeeId: 'T-1', userName: 'tokyo1' },
    });
    const oregon = await Promise.all(
      ['oregon1', 'oregon2'].map((userName, i) =>
        w.queue({ person: { ...sampleHire().person, employeeId: `O-${i}`, userName }, directoryId: OREGON }),
      ),
    );
    expect(await w.run()).toMatchObject({ created: 3, failed: 0 });
    // One create per Region, no listing: the Oregon pair shares one CreateWorkspaces call.
    expect(w.ws.api.calls()).toEqual({ CreateWorkspaces: 1 });
    expect(w.west.api.calls()).toEqual({ CreateWorkspaces: 1 });
    expect([...w.west.workspaces.values()].map((ws) => ws.userName).sort()).toEqual(['oregon1', 'oregon2']);
    expect([...w.ws.workspaces.values()].map((ws) => ws.userName)).toEqual(['tokyo1']);

    for (const fake of [w.ws, w.west])
      for (const id of fake.workspaces.keys()) fake.setState(id, 'AVAILABLE');
    w.clock.advance(w.config.provisioning.firstPollAfterMinutes * MINUTE);
    expect(await w.run()).toMatchObject({ available: 3 });
    const codes = Object.fromEntries(
      w.sfn.resumed.map((r) => [
        r.taskToken,
        (r.output as { directory: { registrationCode: string } }).directory.registrationCode,
      ]),
    );
    expect(codes).toEqual({
      [`token-${tokyo}`]: 'SLiad+ABC123',
      [`token-${oregon[0]}`]: 'SLiad+USW2XY',
      [`token-${oregon[1]}`]: 'SLiad+USW2XY',
    });
    expect(w.west.api.calls()).toMatchObject({ DescribeWorkspaces: 1, DescribeWorkspaceDirectories: 2 });
  });

  it("names the directory's Region in the alert asking for a missing account", async () => {
    const w = twoRegions();
    await w.queue({
      person: { ...sampleHire().person, employeeId: 'O-9', userName: 'nobody' },
      directoryId: OREGON,
    });
    expect(await w.run()).toMatchObject({ waitingForAccount: 1 });
    expect(w.ses.sent).toHaveLength(1);
    expect(w.ses.sent[0]!.to).toEqual(w.config.email.adminAddresses);
    expect(w.ses.sent[0]!.text).toContain('us-west-2');
    expect(w.ses.sent[0]!.text).not.toContain('ap-northeast-1');
  });
});
