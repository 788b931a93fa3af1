import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeDirectoriesCommand,
  DirectoryServiceClient,
  ResetUserPasswordCommand,
} from '@aws-sdk/client-directory-service';
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  paginateDescribeWorkspaces,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type WorkspaceRequest,
} from '@aws-sdk/client-workspaces';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AD_CONNECTOR_DIRECTORY_ID,
  OREGON_DIRECTORY_ID,
  OREGON_REGISTRATION_CODE,
  PERFORMANCE_WSP_BUNDLE_ID,
  SIMPLE_AD_DIRECTORY_ID,
  SIMPLE_AD_REGISTRATION_CODE,
  STANDARD_PCOIP_BUNDLE_ID,
  STANDARD_WSP_BUNDLE_ID,
  startWorkspacesSimulator,
  type WorkspacesAccessEvent,
  type WorkspacesSimulator,
} from '../../local/workspaces-sim';
import type { Clock } from '../../src/kernel/clock';

const PROVISIONING_MS = 20 * 60_000;
const IDENTITY_CENTER_DIRECTORY_ID = 'wsd-idcdir001';
const region = 'ap-northeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function movableClock() {
  let offsetMs = 0;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(Date.now() + offsetMs),
    nowMs: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
  };
  return clock;
}

const clock = movableClock();
const logins: WorkspacesAccessEvent[] = [];
let url: string;
let sim: WorkspacesSimulator;
let close: () => Promise<void>;
let ws: WorkSpacesClient;
let ds: DirectoryServiceClient;

const workspaces = (extra: Partial<ConstructorParameters<typeof WorkSpacesClient>[0]> = {}) =>
  new WorkSpacesClient({ endpoint: url, region, credentials, ...extra });

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const request = (UserName: string, BundleId = STANDARD_PCOIP_BUNDLE_ID): WorkspaceRequest => ({
  DirectoryId: SIMPLE_AD_DIRECTORY_ID,
  UserName,
  BundleId,
});

beforeAll(async () => {
  const started = await startWorkspacesSimulator({
    clock,
    port: 0,
    provisioningDelayMs: PROVISIONING_MS,
    budget: null, // the budget test switches it on; other tests must not be throttled
    seed: 42,
    onLogin: (event) => logins.push(event),
  });
  ({ url, close } = started);
  sim = started.simulator;
  ws = workspaces();
  ds = new DirectoryServiceClient({ endpoint: url, region, credentials });
});

afterAll(async () => {
  ws?.destroy();
  ds?.destroy();
  await close?.();
});

beforeEach(() => {
  sim.reset();
  sim.setFaults({ budget: null });
  logins.length = 0;
});

describe('directories and bundles', () => {
  it('lists both seeded directories with registration code, alias and type', async () => {
    const out = await ws.send(new DescribeWorkspaceDirectoriesCommand({}));
    const byId = new Map(out.Directories?.map((d) => [d.DirectoryId, d]));
    const simpleAd = byId.get(SIMPLE_AD_DIRECTORY_ID);
    expect(simpleAd).toMatchObject({
      DirectoryType: 'SIMPLE_AD',
      State: 'REGISTERED',
      RegistrationCode: SIMPLE_AD_REGISTRATION_CODE,
      Alias: 'corp-example',
    });
    expect(simpleAd?.RegistrationCode).toMatch(/^wsnrt\+[A-Z0-9]{6}$/);
    expect(byId.get(AD_CONNECTOR_DIRECTORY_ID)?.DirectoryType).toBe('AD_CONNECTOR');

    const one = await ws.send(
      new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [AD_CONNECTOR_DIRECTORY_ID] }),
    );
    expect(one.Directories).toHaveLength(1);
  });

  it("an IAM Identity Center directory: its users are Identity Center's, and Directory Service does not know it", async () => {
    const own = await startWorkspacesSimulator({
      clock,
      port: 0,
      budget: null,
      directories: [
        { directoryId: IDENTITY_CENTER_DIRECTORY_ID, region, directoryType: 'AWS_IAM_IDENTITY_CENTER' },
      ],
    });
    const idcWs = new WorkSpacesClient({ endpoint: own.url, region, credentials });
    const idcDs = new DirectoryServiceClient({ endpoint: own.url, region, credentials });
    try {
      const out = await idcWs.send(
        new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [IDENTITY_CENTER_DIRECTORY_ID] }),
      );
      const directory = out.Directories?.[0];
      expect(directory).toMatchObject({
        DirectoryType: 'AWS_IAM_IDENTITY_CENTER',
        UserIdentityType: 'AWS_IAM_IDENTITY_CENTER',
        IDCConfig: { InstanceArn: expect.stringMatching(/^arn:aws:sso:::instance\/ssoins-/) },
      });
      expect(directory?.RegistrationCode).toMatch(/^wsnrt\+[A-Z0-9]{6}$/);
      expect(directory).not.toHaveProperty('DnsIpAddresses');
      expect(directory).not.toHaveProperty('CustomerUserName');
      const ids = (await idcDs.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions?.map(
        (d) => d.DirectoryId,
      );
      expect(ids).toContain(SIMPLE_AD_DIRECTORY_ID);
      expect(ids).not.toContain(IDENTITY_CENTER_DIRECTORY_ID);
    } finally {
      idcWs.destroy();
      idcDs.destroy();
      await own.close();
    }
  });

  it('describes the Amazon bundles and the Directory Service view of the directories', async () => {
    const bundles = await ws.send(new DescribeWorkspaceBundlesCommand({ Owner: 'AMAZON' }));
    expect(bundles.Bundles?.map((b) => b.BundleId).sort()).toEqual(
      [STANDARD_PCOIP_BUNDLE_ID, STANDARD_WSP_BUNDLE_ID, PERFORMANCE_WSP_BUNDLE_ID].sort(),
    );
    expect(bundles.Bundles?.[0]?.CreationTime).toBeInstanceOf(Date);
    const dirs = await ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [SIMPLE_AD_DIRECTORY_ID] }));
    expect(dirs.DirectoryDescriptions?.[0]).toMatchObject({ Type: 'SimpleAD', Stage: 'Active' });
    await expect(
      ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ['d-0000000000'] })),
    ).rejects.toMatchObject({
      name: 'EntityDoesNotExistException',
    });
  });
});

describe('CreateWorkspaces and DescribeWorkspaces', () => {
  it('creates a PENDING WorkSpace that becomes AVAILABLE once the clock passes the provisioning delay', async () => {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [request('hyamada'), request('jsmith', PERFORMANCE_WSP_BUNDLE_ID)],
      }),
    );
    expect(out.FailedRequests).toEqual([]);
    expect(out.PendingRequests).toHaveLength(2);
    const [pcoip, wsp] = out.PendingRequests ?? [];
    expect(pcoip?.WorkspaceId).toMatch(/^ws-[0-9a-z]{9}$/);
    expect(pcoip).toMatchObject({
      State: 'PENDING',
      UserName: 'hyamada',
      DirectoryId: SIMPLE_AD_DIRECTORY_ID,
    });
    expect(pcoip?.WorkspaceProperties?.Protocols).toEqual(['PCOIP']);
    expect(wsp?.WorkspaceProperties?.Protocols).toEqual(['WSP']);

    const ids = [pcoip?.WorkspaceId ?? '', wsp?.WorkspaceId ?? ''];
    clock.advance(PROVISIONING_MS - 1000);
    let described = await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }));
    expect(described.Workspaces?.map((w) => w.State)).toEqual(['PENDING', 'PENDING']);

    clock.advance(1000);
    described = await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }));
    expect(described.Workspaces?.map((w) => w.State)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(described.Workspaces?.[0]?.ComputerName).toBeTruthy();
  });

  it('keeps the Protocols the request asks for', async () => {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [{ ...request('asato'), WorkspaceProperties: { Protocols: ['WSP'] } }],
      }),
    );
    expect(out.PendingRequests?.[0]?.WorkspaceProperties?.Protocols).toEqual(['WSP']);
  });

  it('rejects 26 WorkspaceIds with the same ValidationException as AWS', async () => {
    const ids = Array.from({ length: 26 }, (_, i) => `ws-${String(i).padStart(9, '0')}`);
    const error = await ws
      .send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toBe(
      `1 validation error detected: Value '[${ids.join(', ')}]' at 'workspaceIds' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 25',
    );
  });

  it('rejects 26 CreateWorkspaces entries and a Limit over 25, and WorkspaceIds combined with a filter', async () => {
    const many = Array.from({ length: 26 }, (_, i) => request(`user${i}`));
    await expect(ws.send(new CreateWorkspacesCommand({ Workspaces: many }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'workspaces' failed to satisfy constraint: Member must have length less",
      ),
    });
    await expect(ws.send(new DescribeWorkspacesCommand({ Limit: 26 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("Value '26' at 'limit'"),
    });
    await expect(
      ws.send(
        new DescribeWorkspacesCommand({
          WorkspaceIds: ['ws-abcdefghi'],
          DirectoryId: SIMPLE_AD_DIRECTORY_ID,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValuesException' });
  });

  it('fails the request of an unknown user, directory or bundle in FailedRequests', async () => {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          request('nobody'),
          { ...request('hyamada'), DirectoryId: 'd-0000000000' },
          { ...request('jsmith'), BundleId: 'wsb-000000000' },
          request('mtanaka'),
        ],
      }),
    );
    expect(out.FailedRequests?.map((f) => f.ErrorCode)).toEqual([
      'ResourceNotFound.User',
      'ResourceNotFound.Directory',
      'ResourceNotFound.Bundle',
    ]);
    expect(out.FailedRequests?.[0]?.WorkspaceRequest).toMatchObject({ UserName: 'nobody' });
    expect(out.FailedRequests?.[0]?.ErrorMessage).toBeTruthy();
    expect(out.PendingRequests?.map((p) => p.UserName)).toEqual(['mtanaka']);
  });

  it('never creates a second WorkSpace for the same user in a directory', async () => {
    const first = await ws.send(new CreateWorkspacesCommand({ Workspaces: [request('hyamada')] }));
    expect(first.PendingRequests).toHaveLength(1);
    const again = await ws.send(
      new CreateWorkspacesCommand({ Workspaces: [request('HYamada'), request('jsmith')] }),
    );
    expect(again.FailedRequests).toEqual([
      expect.objectContaining({
        ErrorCode: 'ResourceExists.WorkSpace',
        WorkspaceRequest: request('HYamada'),
      }),
    ]);
    expect(again.PendingRequests?.map((p) => p.UserName)).toEqual(['jsmith']);

    const mine = await ws.send(
      new DescribeWorkspacesCommand({ DirectoryId: SIMPLE_AD_DIRECTORY_ID, UserName: 'hyamada' }),
    );
    expect(mine.Workspaces).toHaveLength(1);
    expect(mine.Workspaces?.[0]?.WorkspaceId).toBe(first.PendingRequests?.[0]?.WorkspaceId);
  });

  it('pages DescribeWorkspaces with Limit and NextToken', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `wave${i}`);
    const added = await control('POST', '/_sim/users', {
      directoryId: SIMPLE_AD_DIRECTORY_ID,
      userNames: names,
    });
    expect(added.status).toBe(200);
    await ws.send(new CreateWorkspacesCommand({ Workspaces: names.map((n) => request(n)) }));

    const first = await ws.send(
      new DescribeWorkspacesCommand({ DirectoryId: SIMPLE_AD_DIRECTORY_ID, Limit: 3 }),
    );
    expect(first.Workspaces).toHaveLength(3);
    expect(first.NextToken).toBeTruthy();

    const seen: string[] = [];
    const pageSizes: number[] = [];
    for await (const page of paginateDescribeWorkspaces(
      { client: ws, pageSize: 3 },
      { DirectoryId: SIMPLE_AD_DIRECTORY_ID },
    )) {
      pageSizes.push(page.Workspaces?.length ?? 0);
      seen.push(...(page.Workspaces ?? []).map((w) => w.UserName ?? ''));
    }
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(names);

    const removed = await control('DELETE', '/_sim/users', {
      directoryId: SIMPLE_AD_DIRECTORY_ID,
      userName: 'wave0',
    });
    expect(removed.body).toMatchObject({ removed: true });
  });

  it('terminates WorkSpaces (TERMINATING, then TERMINATED) and reports unknown ids as failed', async () => {
    const created = await ws.send(new CreateWorkspacesCommand({ Workspaces: [request('jsmith')] }));
    const id = created.PendingRequests?.[0]?.WorkspaceId ?? '';
    const out = await ws.send(
      new TerminateWorkspacesCommand({
        TerminateWorkspaceRequests: [{ WorkspaceId: id }, { WorkspaceId: 'ws-zzzzzzzzz' }],
      }),
    );
    expect(out.FailedRequests).toEqual([expect.objectContaining({ WorkspaceId: 'ws-zzzzzzzzz' })]);
    let state = await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }));
    expect(state.Workspaces?.[0]?.State).toBe('TERMINATING');
    clock.advance(5 * 60_000);
    state = await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }));
    expect(state.Workspaces?.[0]?.State).toBe('TERMINATED');
    // Once terminated the user may get a new WorkSpace.
    const again = await ws.send(new CreateWorkspacesCommand({ Workspaces: [request('jsmith')] }));
    expect(again.PendingRequests).toHaveLength(1);
  });

  it('keeps tags given at creation and through CreateTags', async () => {
    const created = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [{ ...request('asato'), Tags: [{ Key: 'hire', Value: 'hr-1' }] }],
      }),
    );
    const id = created.PendingRequests?.[0]?.WorkspaceId ?? '';
    await ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: 'wave', Value: '3' }] }));
    const tags = await ws.send(new DescribeTagsCommand({ ResourceId: id }));
    expect(tags.TagList).toEqual([
      { Key: 'hire', Value: 'hr-1' },
      { Key: 'wave', Value: '3' },
    ]);
    await expect(ws.send(new DescribeTagsCommand({ ResourceId: 'ws-nothere00' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('request budget and fault injection', () => {
  it('answers over-budget requests with a ThrottlingException the SDK classifies as throttling', async () => {
    sim.setFaults({ budget: { ratePerSecond: 2, burst: 5 } });
    const once = workspaces({ maxAttempts: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => once.send(new DescribeWorkspaceDirectoriesCommand({}))),
    );
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(rejected.length).toBe(3);
    const error = rejected[0] as Error & { $metadata?: { httpStatusCode?: number } };
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(isThrottlingError(error as never)).toBe(true);
    once.destroy();

    // With the SDK's standard retry strategy (backoff on throttling) the call gets through once tokens refill.
    // One token a second, and the one there is spent first: the first attempt is throttled however slow
    // the machine is, and eight attempts of growing backoff outlast the one-second refill.
    sim.setFaults({ budget: { ratePerSecond: 1, burst: 1 } });
    const spender = workspaces({ maxAttempts: 1 });
    await spender.send(new DescribeWorkspaceDirectoriesCommand({})).catch(() => undefined);
    spender.destroy();
    const retrying = workspaces({ maxAttempts: 8 });
    const out = await retrying.send(new DescribeWorkspaceDirectoriesCommand({}));
    expect(out.Directories).toHaveLength(2);
    expect(out.$metadata.attempts).toBeGreaterThan(1);
    retrying.destroy();

    const calls = await control('GET', '/_sim/calls');
    expect(calls.body.byOperation).toMatchObject({
      DescribeWorkspaceDirectories: {
        requests: 9 + out.$metadata.attempts!,
        throttled: 3 + out.$metadata.attempts! - 1,
      },
    });
  });

  it('leaves Directory Service outside the WorkSpaces budget', async () => {
    sim.setFaults({ budget: { ratePerSecond: 0.001, burst: 1 } });
    for (let i = 0; i < 3; i++) await ds.send(new DescribeDirectoriesCommand({}));
  });

  it('injects throttling and 5xx answers through the control route', async () => {
    const once = workspaces({ maxAttempts: 1 });
    expect((await control('POST', '/_sim/faults', { throttleRate: 1 })).body).toMatchObject({
      throttleRate: 1,
    });
    await expect(once.send(new DescribeWorkspacesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });

    await control('POST', '/_sim/faults', { throttleRate: 0, serverErrorRate: 1 });
    const error = await once.send(new DescribeWorkspacesCommand({})).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } });
    expect(isTransientError(error as never)).toBe(true);

    expect((await control('POST', '/_sim/faults', { serverErrorRate: 2 })).status).toBe(400);
    await control('POST', '/_sim/faults', { serverErrorRate: 0 });
    await once.send(new DescribeWorkspacesCommand({}));
    const calls = await control('GET', '/_sim/calls');
    expect(calls.body.byOperation).toMatchObject({
      DescribeWorkspaces: { requests: 3, throttled: 1, faults: 1 },
    });
    expect(calls.body.workspaces).toMatchObject({ requests: 3 });
    await control('POST', '/_sim/calls/reset');
    expect((await control('GET', '/_sim/calls')).body.byOperation).toEqual({});
    once.destroy();
  });

  it('sends the next N WorkSpaces to ERROR instead of AVAILABLE', async () => {
    await control('POST', '/_sim/faults', { nextWorkspacesError: 1 });
    const out = await ws.send(
      new CreateWorkspacesCommand({ Workspaces: [request('hyamada'), request('jsmith')] }),
    );
    const ids = out.PendingRequests?.map((p) => p.WorkspaceId ?? '') ?? [];
    expect(out.PendingRequests?.map((p) => p.State)).toEqual(['PENDING', 'PENDING']);
    clock.advance(PROVISIONING_MS);
    const described = await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }));
    expect(described.Workspaces?.map((w) => w.State)).toEqual(['ERROR', 'AVAILABLE']);
    expect(described.Workspaces?.[0]?.ErrorCode).toBeTruthy();
  });

  it('refuses requests without an Authorization header like AWS', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'WorkspacesService.DescribeWorkspaces',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});

describe('connection status and login', () => {
  it('reports UNKNOWN while PENDING, DISCONNECTED once AVAILABLE, CONNECTED with a timestamp after login', async () => {
    const out = await ws.send(new CreateWorkspacesCommand({ Workspaces: [request('hyamada')] }));
    const id = out.PendingRequests?.[0]?.WorkspaceId ?? '';
    const status = async () =>
      (await ws.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] })))
        .WorkspacesConnectionStatus?.[0];

    expect((await status())?.ConnectionState).toBe('UNKNOWN');
    expect((await control('POST', '/_sim/login', { workspaceId: id })).status).toBe(409);

    clock.advance(PROVISIONING_MS);
    const available = await status();
    expect(available?.ConnectionState).toBe('DISCONNECTED');
    expect(available?.LastKnownUserConnectionTimestamp).toBeUndefined();
    expect(available?.ConnectionStateCheckTimestamp).toBeInstanceOf(Date);

    const wholeSecond = () => Math.floor(clock.nowMs() / 1000) * 1000;
    const before = wholeSecond();
    const login = await control('POST', '/_sim/login', { workspaceId: id, clientPlatform: 'MacOS' });
    expect(login.status).toBe(200);
    const connected = await status();
    expect(connected?.ConnectionState).toBe('CONNECTED');
    // The login's time in whole seconds (the clock runs on between the calls: any second in between).
    const at = connected?.LastKnownUserConnectionTimestamp?.getTime() ?? 0;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(wholeSecond());

    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({
      version: '0',
      'detail-type': 'WorkSpaces Access',
      source: 'aws.workspaces',
      account: '000000000000',
      region,
      resources: [],
      detail: {
        actionType: 'successfulLogin',
        workspaceId: id,
        directoryId: SIMPLE_AD_DIRECTORY_ID,
        clientPlatform: 'MacOS',
      },
    });
    expect(logins[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(logins[0]?.detail.clientIpAddress).toBeTruthy();
  });
});

describe('Directory Service ResetUserPassword', () => {
  const reset = (DirectoryId: string, UserName: string, NewPassword: string) =>
    ds.send(new ResetUserPasswordCommand({ DirectoryId, UserName, NewPassword }));

  it('enforces existence, directory type and password policy, and counts successful resets', async () => {
    await expect(reset('d-0000000000', 'hyamada', 'Str0ng!pass')).rejects.toMatchObject({
      name: 'EntityDoesNotExistException',
    });
    await expect(reset(AD_CONNECTOR_DIRECTORY_ID, 'ksuzuki', 'Str0ng!pass')).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
    await expect(reset(SIMPLE_AD_DIRECTORY_ID, 'nobody', 'Str0ng!pass')).rejects.toMatchObject({
      name: 'UserDoesNotExistException',
    });
    for (const weak of [
      'Sh0rt!',
      'alllower1!',
      'ALLUPPER1!',
      'NoDigits!!',
      'NoSymbol12',
      `Aa1!${'x'.repeat(61)}`,
    ]) {
      await expect(reset(SIMPLE_AD_DIRECTORY_ID, 'hyamada', weak)).rejects.toMatchObject({
        name: 'InvalidPasswordException',
      });
    }
    expect(sim.passwordResetCount(SIMPLE_AD_DIRECTORY_ID, 'hyamada')).toBe(0);

    await reset(SIMPLE_AD_DIRECTORY_ID, 'hyamada', 'Str0ng!pass');
    expect(sim.passwordResetCount(SIMPLE_AD_DIRECTORY_ID, 'hyamada')).toBe(1);
    const state = await control('GET', '/_sim/state');
    expect(JSON.stringify(state.body)).not.toContain('Str0ng!pass');
  });
});

describe('Regions: separate state per signing Region', () => {
  const oregon = (extra: Partial<ConstructorParameters<typeof WorkSpacesClient>[0]> = {}) =>
    workspaces({ region: 'us-west-2', ...extra });

  it('answers each Region from its own directories and WorkSpaces, as the same endpoint of AWS would', async () => {
    const west = oregon();
    const tokyo = await ws.send(new DescribeWorkspaceDirectoriesCommand({}));
    const oregonDirs = await west.send(new DescribeWorkspaceDirectoriesCommand({}));
    expect(tokyo.Directories?.map((d) => d.DirectoryId).sort()).toEqual(
      [AD_CONNECTOR_DIRECTORY_ID, SIMPLE_AD_DIRECTORY_ID].sort(),
    );
    expect(oregonDirs.Directories).toEqual([
      expect.objectContaining({
        DirectoryId: OREGON_DIRECTORY_ID,
        RegistrationCode: OREGON_REGISTRATION_CODE,
      }),
    ]);
    // A directory of another Region is unknown here, as on AWS.
    const failed = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          { DirectoryId: OREGON_DIRECTORY_ID, UserName: 'jdoe', BundleId: STANDARD_PCOIP_BUNDLE_ID },
        ],
      }),
    );
    expect(failed.FailedRequests?.[0]?.ErrorCode).toBe('ResourceNotFound.Directory');
    const made = await west.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          { DirectoryId: OREGON_DIRECTORY_ID, UserName: 'jdoe', BundleId: STANDARD_PCOIP_BUNDLE_ID },
        ],
      }),
    );
    const id = made.PendingRequests?.[0]?.WorkspaceId ?? '';
    expect(id).toMatch(/^ws-/);
    expect((await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces).toEqual([]);
    expect((await west.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces).toHaveLength(
      1,
    );
    // A Region nothing was seeded in is an empty Region.
    const empty = workspaces({ region: 'eu-west-1' });
    expect((await empty.send(new DescribeWorkspaceDirectoriesCommand({}))).Directories).toEqual([]);
    empty.destroy();

    const state = await control('GET', '/_sim/state?region=us-west-2');
    expect(state.body.workspaces).toEqual([
      expect.objectContaining({ workspaceId: id, region: 'us-west-2' }),
    ]);
    west.destroy();
  });

  it("gives each Region its own API budget and counts each Region's calls", async () => {
    sim.setFaults({ budget: { ratePerSecond: 0.001, burst: 2 } });
    const once = (client: WorkSpacesClient) =>
      Promise.allSettled([1, 2, 3].map(() => client.send(new DescribeWorkspaceDirectoriesCommand({}))));
    const tokyo = workspaces({ maxAttempts: 1 });
    const west = oregon({ maxAttempts: 1 });
    const inTokyo = await once(tokyo);
    const inOregon = await once(west);
    // Tokyo spending its burst leaves Oregon's untouched.
    expect(inTokyo.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(inOregon.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    tokyo.destroy();
    west.destroy();

    const oregonCalls = await control('GET', '/_sim/calls?region=us-west-2');
    expect(oregonCalls.body.workspaces).toMatchObject({ requests: 3, throttled: 1 });
    const all = await control('GET', '/_sim/calls');
    expect(all.body.workspaces).toMatchObject({ requests: 6, throttled: 2 });
    expect(Object.keys(all.body.regions as object).sort()).toEqual(['ap-northeast-1', 'us-west-2']);
  });

  it("resets a password in the directory's own Region only", async () => {
    const westDs = new DirectoryServiceClient({ endpoint: url, region: 'us-west-2', credentials });
    const reset = (client: DirectoryServiceClient) =>
      client.send(
        new ResetUserPasswordCommand({
          DirectoryId: OREGON_DIRECTORY_ID,
          UserName: 'jdoe',
          NewPassword: 'Correct-Horse-9',
        }),
      );
    await expect(reset(ds)).rejects.toMatchObject({ name: 'EntityDoesNotExistException' });
    await reset(westDs);
    expect(sim.passwordResetCount(OREGON_DIRECTORY_ID, 'jdoe')).toBe(1);
    westDs.destroy();
  });

  it('publishes a login on the event bus of the WorkSpace’s Region', async () => {
    const west = oregon();
    const made = await west.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          { DirectoryId: OREGON_DIRECTORY_ID, UserName: 'mgarcia', BundleId: STANDARD_PCOIP_BUNDLE_ID },
        ],
      }),
    );
    west.destroy();
    clock.advance(PROVISIONING_MS + 1000);
    const id = made.PendingRequests?.[0]?.WorkspaceId ?? '';
    expect((await control('POST', '/_sim/login', { workspaceId: id })).status).toBe(200);
    expect(logins.at(-1)).toMatchObject({ region: 'us-west-2', detail: { workspaceId: id } });
  });
});

describe('persistence', () => {
  it('saves state to the state file and loads it on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-sim-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startWorkspacesSimulator({ clock, port: 0, budget: null, stateFile });
      const client = new WorkSpacesClient({ endpoint: first.url, region, credentials });
      const out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('mtanaka')] }));
      client.destroy();
      await first.close();

      const second = await startWorkspacesSimulator({ clock, port: 0, budget: null, stateFile });
      const again = new WorkSpacesClient({ endpoint: second.url, region, credentials });
      const described = await again.send(
        new DescribeWorkspacesCommand({ WorkspaceIds: [out.PendingRequests?.[0]?.WorkspaceId ?? ''] }),
      );
      expect(described.Workspaces?.[0]?.UserName).toBe('mtanaka');
      again.destroy();
      const west = new WorkSpacesClient({ endpoint: second.url, region: 'us-west-2', credentials });
      expect(
        (await west.send(new DescribeWorkspacesCommand({ DirectoryId: OREGON_DIRECTORY_ID }))).Workspaces,
      ).toEqual([]);
      west.destroy();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const hasAwsCli = awsCli.status === 0;
if (!hasAwsCli) console.warn('[workspaces-sim test] AWS CLI not found on PATH: skipping the CLI checks');

describe.skipIf(!hasAwsCli)('AWS CLI (skipped when `aws` is not installed)', () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run('aws', [...args, '--endpoint-url', url, '--region', region, '--output', 'json'], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_MAX_ATTEMPTS: '1',
      },
      timeout: 20_000,
    });

  it('describes directories and reports a validation error', async () => {
    const { stdout } = await cli(['workspaces', 'describe-workspace-directories']);
    const parsed = JSON.parse(stdout) as { Directories: { DirectoryId: string; RegistrationCode: string }[] };
    expect(parsed.Directories.map((d) => d.RegistrationCode)).toContain(SIMPLE_AD_REGISTRATION_CODE);

    const failing = await cli([
      'workspaces',
      'describe-workspaces',
      '--workspace-ids',
      ...Array.from({ length: 26 }, (_, i) => `ws-${String(i).padStart(9, '0')}`),
    ]).catch((e: { stderr: string }) => e);
    expect((failing as { stderr: string }).stderr).toContain('ValidationException');
    expect((failing as { stderr: string }).stderr).toContain(
      'Member must have length less than or equal to 25',
    );
  });

  it('creates a WorkSpace and resets a password', async () => {
    const { stdout } = await cli([
      'workspaces',
      'create-workspaces',
      '--workspaces',
      JSON.stringify([request('hyamada')]),
    ]);
    expect(JSON.parse(stdout).PendingRequests[0].State).toBe('PENDING');
    await cli([
      'ds',
      'reset-user-password',
      '--directory-id',
      SIMPLE_AD_DIRECTORY_ID,
      '--user-name',
      'jsmith',
      '--new-password',
      'Str0ng!pass',
    ]);
    expect(sim.passwordResetCount(SIMPLE_AD_DIRECTORY_ID, 'jsmith')).toBe(1);
  });
});
