import {
  DescribeDirectoriesCommand,
  DirectoryServiceClient,
  ResetUserPasswordCommand,
} from '@aws-sdk/client-directory-service';
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type WorkspaceRequest,
} from '@aws-sdk/client-workspaces';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AD_CONNECTOR_DIRECTORY_ID,
  PERFORMANCE_WSP_BUNDLE_ID,
  SIMPLE_AD_DIRECTORY_ID,
  STANDARD_PCOIP_BUNDLE_ID,
  startWorkspacesSimulator,
  type WorkspacesSimulator,
} from '../../local/workspaces-sim';
import type { Clock } from '../../src/kernel/clock';
import { hireIdFor } from '../../src/kernel/hire/hire';
import { toWorkspaceRequest } from '../../src/provisioning/adapters/workspaces-mapping';
import { workspaceRequest } from '../../src/provisioning/rules';

/**
 * The simulator refuses what AWS refuses, checked from the botocore service model: the real SDK clients
 * send the requests, the answers are AWS's error types, HTTP statuses and messages.
 */
const region = 'ap-northeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const DELAY_MS = 20 * 60_000;

let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs), nowMs: () => Date.now() + offsetMs };
const advance = (ms: number) => {
  offsetMs += ms;
};

let url: string;
let sim: WorkspacesSimulator;
let close: () => Promise<void>;
let ws: WorkSpacesClient;
let ds: DirectoryServiceClient;

beforeAll(async () => {
  const started = await startWorkspacesSimulator({
    clock,
    port: 0,
    provisioningDelayMs: DELAY_MS,
    budget: null,
  });
  ({ url, close } = started);
  sim = started.simulator;
  // One attempt: a refusal must come back as it is, not be retried.
  ws = new WorkSpacesClient({ endpoint: url, region, credentials, maxAttempts: 1 });
  ds = new DirectoryServiceClient({ endpoint: url, region, credentials, maxAttempts: 1 });
});

afterAll(async () => {
  ws?.destroy();
  ds?.destroy();
  await close?.();
});

beforeEach(() => sim.reset());

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const request = (UserName: string, extra: Partial<WorkspaceRequest> = {}): WorkspaceRequest => ({
  DirectoryId: SIMPLE_AD_DIRECTORY_ID,
  UserName,
  BundleId: STANDARD_PCOIP_BUNDLE_ID,
  ...extra,
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to be refused');
    },
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
  );

const workspacesOf = async (userName: string) =>
  (await ws.send(new DescribeWorkspacesCommand({ DirectoryId: SIMPLE_AD_DIRECTORY_ID, UserName: userName })))
    .Workspaces ?? [];

const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));

describe('CreateWorkspaces: a member the model forbids refuses the whole request', () => {
  it('an unknown RunningMode: ValidationException naming the member and the allowed values; nothing created', async () => {
    const error = await refusal(
      ws.send(
        new CreateWorkspacesCommand({
          Workspaces: [
            request('jsmith'),
            request('hyamada', { WorkspaceProperties: { RunningMode: 'SOMETIMES_ON' as 'AUTO_STOP' } }),
          ],
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toBe(
      "1 validation error detected: Value 'SOMETIMES_ON' at 'workspaces.2.member.workspaceProperties.runningMode' " +
        'failed to satisfy constraint: Member must satisfy enum value set: [AUTO_STOP, ALWAYS_ON, MANUAL]',
    );
    // The valid entry of the same request was not created either.
    expect(await workspacesOf('jsmith')).toEqual([]);
  });

  it('an unknown protocol, compute type and operating system are each reported', async () => {
    const error = await refusal(
      ws.send(
        new CreateWorkspacesCommand({
          Workspaces: [
            request('jsmith', {
              WorkspaceProperties: {
                Protocols: ['RDP' as 'PCOIP'],
                ComputeTypeName: 'HUGE' as 'VALUE',
                OperatingSystemName: 'WINDOWS_95' as 'WINDOWS_10',
              },
            }),
          ],
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message).toContain(
      "Value '[RDP]' at 'workspaces.1.member.workspaceProperties.protocols' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must satisfy enum value set: [PCOIP, WSP]]',
    );
    expect(error.message).toContain(
      "Value 'HUGE' at 'workspaces.1.member.workspaceProperties.computeTypeName'",
    );
    expect(error.message).toContain(
      "Value 'WINDOWS_95' at 'workspaces.1.member.workspaceProperties.operatingSystemName'",
    );
  });

  it('ids that do not match the model patterns, a too long user name and a missing bundle', async () => {
    const error = await refusal(
      ws.send(
        new CreateWorkspacesCommand({
          Workspaces: [
            request('jsmith', { DirectoryId: 'd-NOTHEX123' }),
            request('hyamada', { BundleId: 'bundle-1' }),
            request('u'.repeat(64)),
            { DirectoryId: SIMPLE_AD_DIRECTORY_ID, UserName: 'asato' } as WorkspaceRequest,
          ],
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^4 validation errors detected: /);
    expect(error.message).toContain(
      "Value 'd-NOTHEX123' at 'workspaces.1.member.directoryId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)',
    );
    expect(error.message).toContain(
      "Value 'bundle-1' at 'workspaces.2.member.bundleId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^wsb-[0-9a-z]{8,63}$',
    );
    expect(error.message).toContain(
      "at 'workspaces.3.member.userName' failed to satisfy constraint: Member must have length less than or equal to 63",
    );
    expect(error.message).toContain(
      "Value null at 'workspaces.4.member.bundleId' failed to satisfy constraint: Member must not be null",
    );
  });

  it('an empty tag key and a tag value over 255 characters', async () => {
    const error = await refusal(
      ws.send(
        new CreateWorkspacesCommand({
          Workspaces: [
            request('jsmith', {
              Tags: [
                { Key: '', Value: 'x' },
                { Key: 'long', Value: 'v'.repeat(256) },
              ],
            }),
          ],
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain(
      "Value '' at 'workspaces.1.member.tags.1.member.key' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 1',
    );
    expect(error.message).toContain(
      "at 'workspaces.1.member.tags.2.member.value' failed to satisfy constraint: " +
        'Member must have length less than or equal to 255',
    );
  });

  it('no WorkSpaces at all, or 26', async () => {
    const none = await refusal(ws.send(new CreateWorkspacesCommand({ Workspaces: [] })));
    expect(none.message).toBe(
      "1 validation error detected: Value '[]' at 'workspaces' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 1',
    );
    const many = Array.from({ length: 26 }, (_, i) => request(`user${i}`));
    const tooMany = await refusal(ws.send(new CreateWorkspacesCommand({ Workspaces: many })));
    expect(tooMany.message).toContain(
      "at 'workspaces' failed to satisfy constraint: Member must have length less than or equal to 25",
    );
  });

  it('a wrong JSON type is a SerializationException', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'WorkspacesService.DescribeWorkspaces',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20270101/ap-northeast-1/workspaces/aws4_request',
      },
      body: JSON.stringify({ Limit: '5' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('CreateWorkspaces: what WorkSpaces refuses for one WorkSpace goes to FailedRequests', () => {
  it('an AutoStop time on an ALWAYS_ON WorkSpace, or one not in 60-minute steps; the others are created', async () => {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          request('jsmith', {
            WorkspaceProperties: { RunningMode: 'ALWAYS_ON', RunningModeAutoStopTimeoutInMinutes: 60 },
          }),
          request('hyamada', {
            WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 90 },
          }),
          request('asato', {
            WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 },
          }),
          request('mtanaka', { WorkspaceProperties: { RunningMode: 'ALWAYS_ON' } }),
        ],
      }),
    );
    expect(out.FailedRequests?.map((f) => [f.WorkspaceRequest?.UserName, f.ErrorCode])).toEqual([
      ['jsmith', 'InvalidParameterValuesException'],
      ['hyamada', 'InvalidParameterValuesException'],
    ]);
    expect(out.FailedRequests?.[0]?.ErrorMessage).toMatch(/AUTO_STOP/);
    expect(out.FailedRequests?.[1]?.ErrorMessage).toMatch(/60-minute/);
    const created = new Map(out.PendingRequests?.map((p) => [p.UserName, p.WorkspaceProperties]));
    expect(created.get('asato')).toMatchObject({
      RunningMode: 'AUTO_STOP',
      RunningModeAutoStopTimeoutInMinutes: 120,
    });
    // An AlwaysOn WorkSpace has no AutoStop time.
    expect(created.get('mtanaka')?.RunningMode).toBe('ALWAYS_ON');
    expect(created.get('mtanaka')?.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
    expect(await workspacesOf('jsmith')).toEqual([]);
  });

  it('51 tags fail that WorkSpace; 50 are accepted', async () => {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [request('jsmith', { Tags: tags(51) }), request('hyamada', { Tags: tags(50) })],
      }),
    );
    expect(out.FailedRequests).toEqual([
      expect.objectContaining({
        ErrorCode: 'ResourceLimitExceededException',
        WorkspaceRequest: expect.objectContaining({ UserName: 'jsmith' }),
      }),
    ]);
    expect(out.PendingRequests?.map((p) => p.UserName)).toEqual(['hyamada']);
  });

  it('the MANUAL running mode (WorkSpaces Core only) and user-decoupled WorkSpaces', async () => {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          request('jsmith', { WorkspaceProperties: { RunningMode: 'MANUAL' } }),
          request('[UNDEFINED]', { WorkspaceName: 'kiosk-01' }),
        ],
      }),
    );
    expect(out.FailedRequests?.map((f) => f.ErrorCode)).toEqual([
      'InvalidParameterValuesException',
      'InvalidParameterValuesException',
    ]);
    expect(out.PendingRequests).toEqual([]);
  });
});

describe('the same model checks on every other operation', () => {
  it('DescribeWorkspaces: limits, id patterns and the filter rules', async () => {
    await expect(ws.send(new DescribeWorkspacesCommand({ Limit: 0 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ),
    });
    const badId = await refusal(
      ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ['ws-ok0000001', 'WS-1'] })),
    );
    expect(badId.message).toBe(
      "1 validation error detected: Value '[ws-ok0000001, WS-1]' at 'workspaceIds' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must satisfy regular expression pattern: ^ws-[0-9a-z]{8,63}$]',
    );
    await expect(ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(ws.send(new DescribeWorkspacesCommand({ UserName: 'jsmith' }))).rejects.toMatchObject({
      name: 'InvalidParameterValuesException',
    });
    await expect(
      ws.send(
        new DescribeWorkspacesCommand({
          BundleId: STANDARD_PCOIP_BUNDLE_ID,
          DirectoryId: SIMPLE_AD_DIRECTORY_ID,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValuesException' });
  });

  it('DescribeWorkspacesConnectionStatus and DescribeWorkspaceDirectories: 25 ids at most, valid ids only', async () => {
    const ids = Array.from({ length: 26 }, (_, i) => `ws-${String(i).padStart(9, '0')}`);
    await expect(
      ws.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: ids })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'workspaceIds' failed to satisfy constraint: Member must have length less",
      ),
    });
    await expect(
      ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: ['corp-example'], Limit: 26 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^2 validation errors detected: .*'directoryIds'.*'limit'/),
    });
  });

  it('CreateTags and TerminateWorkspaces', async () => {
    const created = await ws.send(new CreateWorkspacesCommand({ Workspaces: [request('jsmith')] }));
    const id = created.PendingRequests?.[0]?.WorkspaceId ?? '';
    await expect(
      ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: '' }] })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'tags.1.member.key'"),
    });
    await expect(ws.send(new CreateTagsCommand({ ResourceId: id, Tags: tags(51) }))).rejects.toMatchObject({
      name: 'ResourceLimitExceededException',
    });
    await expect(
      ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: 'i-12345' }] })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'terminateWorkspaceRequests.1.member.workspaceId'"),
    });
    // Nothing above changed the WorkSpace.
    const [still] = (await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces ?? [];
    expect(still?.State).toBe('PENDING');
  });
});

describe('Directory Service ResetUserPassword and DescribeDirectories', () => {
  const reset = (DirectoryId: string, UserName: string, NewPassword: string) =>
    ds.send(new ResetUserPasswordCommand({ DirectoryId, UserName, NewPassword }));

  it('refuses ids, user names and password lengths outside the ds model, never echoing the password', async () => {
    const password = `Aa1!${'p'.repeat(124)}`; // 128 characters: one too many
    const error = await refusal(reset('d-1234', 'j@smith', password));
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message).toContain(
      "Value 'd-1234' at 'directoryId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^d-[0-9a-f]{10}$",
    );
    expect(error.message).toContain("Value 'j@smith' at 'userName' failed to satisfy constraint");
    expect(error.message).toContain(
      "Value at 'newPassword' failed to satisfy constraint: Member must have length less than or equal to 127",
    );
    expect(error.message).not.toContain(password);
    await expect(reset(SIMPLE_AD_DIRECTORY_ID, 'u'.repeat(65), 'Str0ng!pass')).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(sim.passwordResetCount(SIMPLE_AD_DIRECTORY_ID, 'jsmith')).toBe(0);
  });

  it('a directory that is not Active answers DirectoryUnavailableException until it is Active again', async () => {
    expect(
      (
        await control('POST', '/_sim/directories/stage', {
          directoryId: SIMPLE_AD_DIRECTORY_ID,
          stage: 'Impaired',
        })
      ).status,
    ).toBe(200);
    await expect(reset(SIMPLE_AD_DIRECTORY_ID, 'jsmith', 'Str0ng!pass')).rejects.toMatchObject({
      name: 'DirectoryUnavailableException',
    });
    const described = await ds.send(
      new DescribeDirectoriesCommand({ DirectoryIds: [SIMPLE_AD_DIRECTORY_ID] }),
    );
    expect(described.DirectoryDescriptions?.[0]?.Stage).toBe('Impaired');
    expect(
      (
        await control('POST', '/_sim/directories/stage', {
          directoryId: SIMPLE_AD_DIRECTORY_ID,
          stage: 'Broken',
        })
      ).status,
    ).toBe(400);

    await control('POST', '/_sim/directories/stage', {
      directoryId: SIMPLE_AD_DIRECTORY_ID,
      stage: 'Active',
    });
    await reset(SIMPLE_AD_DIRECTORY_ID, 'jsmith', 'Str0ng!pass');
    expect(sim.passwordResetCount(SIMPLE_AD_DIRECTORY_ID, 'jsmith')).toBe(1);
    // AD Connector stays unsupported whatever its stage.
    await expect(reset(AD_CONNECTOR_DIRECTORY_ID, 'ksuzuki', 'Str0ng!pass')).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });

  it('DescribeDirectories refuses an empty id list and malformed ids', async () => {
    await expect(ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [] }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ['d-xyz'] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'directoryIds' failed to satisfy constraint: Member must satisfy constraint",
      ),
    });
  });
});

describe('provisioning like the real thing', () => {
  const stateOf = async (id: string) =>
    (await ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces?.[0]?.State;
  const create = async (userName: string) =>
    (await ws.send(new CreateWorkspacesCommand({ Workspaces: [request(userName)] }))).PendingRequests?.[0]
      ?.WorkspaceId ?? '';

  it('the delay changes at run time for WorkSpaces created afterwards', async () => {
    const before = await create('jsmith');
    const set = await control('POST', '/_sim/provisioning', { delay: '40m' });
    expect(set.body).toMatchObject({ delayMs: 40 * 60_000 });
    const after = await create('hyamada');

    advance(DELAY_MS);
    expect(await stateOf(before)).toBe('AVAILABLE');
    expect(await stateOf(after)).toBe('PENDING');
    advance(40 * 60_000 - DELAY_MS - 1000);
    expect(await stateOf(after)).toBe('PENDING');
    advance(1000);
    expect(await stateOf(after)).toBe('AVAILABLE');
  });

  it('a scripted path: PENDING, IMPAIRED, then AVAILABLE, for the user it names', async () => {
    await control('POST', '/_sim/provisioning', {
      next: [
        {
          userName: 'HYamada',
          path: [{ state: 'PENDING', for: '15m' }, { state: 'IMPAIRED', for: '10m' }, { state: 'AVAILABLE' }],
        },
      ],
    });
    const other = await create('jsmith');
    const scripted = await create('hyamada');
    expect((await control('GET', '/_sim/provisioning')).body.queued).toEqual([]);

    advance(15 * 60_000);
    expect(await stateOf(scripted)).toBe('IMPAIRED');
    const status = await ws.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [scripted] }));
    expect(status.WorkspacesConnectionStatus?.[0]?.ConnectionState).toBe('UNKNOWN');
    expect((await control('POST', '/_sim/login', { workspaceId: scripted })).status).toBe(409);
    advance(5 * 60_000);
    expect(await stateOf(other)).toBe('AVAILABLE');
    expect(await stateOf(scripted)).toBe('IMPAIRED');
    advance(5 * 60_000);
    expect(await stateOf(scripted)).toBe('AVAILABLE');
  });

  it('UNHEALTHY for good, PENDING for good, and ERROR after IMPAIRED', async () => {
    await control('POST', '/_sim/provisioning', {
      next: [
        { path: [{ state: 'PENDING' }, { state: 'UNHEALTHY' }] },
        { path: [{ state: 'PENDING' }] },
        { path: [{ state: 'PENDING', for: '10m' }, { state: 'IMPAIRED', for: '5m' }, { state: 'ERROR' }] },
      ],
    });
    const [unhealthy, pending, error] = [
      await create('jsmith'),
      await create('hyamada'),
      await create('asato'),
    ];
    advance(12 * 60_000);
    expect([await stateOf(unhealthy), await stateOf(pending), await stateOf(error)]).toEqual([
      'PENDING',
      'PENDING',
      'IMPAIRED',
    ]);
    advance(24 * 3600_000);
    expect([await stateOf(unhealthy), await stateOf(pending), await stateOf(error)]).toEqual([
      'UNHEALTHY',
      'PENDING',
      'ERROR',
    ]);
  });

  it('refuses paths a WorkSpace cannot take, and leaves the settings as they were', async () => {
    const bad = [
      { next: [{ path: [{ state: 'AVAILABLE' }] }] },
      { next: [{ path: [{ state: 'PENDING' }, { state: 'HAPPY' }] }] },
      { next: [{ path: [{ state: 'PENDING', for: 'soon' }, { state: 'AVAILABLE' }] }] },
      { next: [{ path: [{ state: 'PENDING' }, { state: 'IMPAIRED' }, { state: 'AVAILABLE' }] }] },
      { next: [{ path: [{ state: 'PENDING' }, { state: 'TERMINATED' }] }] },
      { delay: '-5m' },
    ];
    for (const body of bad) expect((await control('POST', '/_sim/provisioning', body)).status).toBe(400);
    expect((await control('GET', '/_sim/provisioning')).body).toEqual({ delayMs: DELAY_MS, queued: [] });
  });
});

describe("the provisioner's own requests", () => {
  it('pass the model at the edges of what the config and the webhook contract allow', async () => {
    // The longest user name the webhook accepts (20, sAMAccountName) and the longest hire id.
    const userName = "Ab.c-d_e'f!g#h$i%j&k";
    const other = 'z'.repeat(20);
    await control('POST', '/_sim/users', {
      directoryId: SIMPLE_AD_DIRECTORY_ID,
      userNames: [userName, other],
    });
    const hire = (name: string, runningMode: string, protocol: 'PCOIP' | 'WSP', bundleId: string) =>
      toWorkspaceRequest(
        workspaceRequest({
          hireId: hireIdFor('hr', `E-${'9'.repeat(200)}`),
          directoryId: SIMPLE_AD_DIRECTORY_ID,
          bundleId,
          runningMode,
          protocol,
          person: { userName: name },
        }),
      );
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          hire(userName, 'AUTO_STOP', 'PCOIP', STANDARD_PCOIP_BUNDLE_ID),
          hire(other, 'ALWAYS_ON', 'WSP', PERFORMANCE_WSP_BUNDLE_ID),
        ],
      }),
    );
    expect(out.FailedRequests).toEqual([]);
    expect(out.PendingRequests?.map((p) => p.UserName)).toEqual([userName, other]);
  });
});
