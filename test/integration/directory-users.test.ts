import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorkspacesSimulator, type WorkspacesSimulator } from '../../local/workspaces-sim';
import { DirectoryUserConflictError, DirectoryUserError } from '../../src/kernel/errors';
import { createDirectoryUsers } from '../../src/provisioning/adapters/directory-users';

/**
 * The Directory Service Data adapter against the simulator: requests signed with SigV4 for `ds-data` as the
 * botocore model describes them, every refusal the simulator makes (as AWS's model has it) mapped to a
 * named error.
 */
const region = 'ap-northeast-1';
const MANAGED_AD = 'd-9067c0ffee';
const SIMPLE_AD = 'd-95671a2b3c';
const OREGON_MAD = 'd-9267c0ffee';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
const clock = { now: () => new Date(), nowMs: () => Date.now() };

let url: string;
let sim: WorkspacesSimulator;
let close: () => Promise<void>;
let users: ReturnType<typeof createDirectoryUsers>;

beforeAll(async () => {
  const started = await startWorkspacesSimulator({
    clock,
    region,
    port: 0,
    directories: [
      { directoryId: MANAGED_AD, region, directoryType: 'MANAGED_AD', alias: 'example-mad' },
      { directoryId: OREGON_MAD, region: 'us-west-2', directoryType: 'MANAGED_AD' },
    ],
  });
  ({ url, close } = started);
  sim = started.simulator;
  users = createDirectoryUsers({
    env: {
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA: url,
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE: url,
      AWS_REGION: region,
    },
    credentials: async () => credentials,
  });
});
afterAll(async () => close?.());
afterEach(() => {
  vi.restoreAllMocks();
  sim.reset();
});

const created = () => sim.directories().find((d) => d.directoryId === MANAGED_AD)!.createdUsers ?? [];
const person = { userName: 'kmori', givenName: '健', surname: '森', email: 'ken.mori@example.co.jp' };
const TOKEN = 'a'.repeat(64);

async function refusal(call: Promise<unknown>) {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error & { awsError?: string; retryable?: boolean };
}

describe('the Directory Service Data adapter', () => {
  it('signs CreateUser for ds-data in the directory’s Region; DescribeUser then finds the account', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    expect(await users.describeUser(MANAGED_AD, 'kmori')).toBeUndefined();
    await users.createUser(MANAGED_AD, person, TOKEN);

    const [input, init] = fetchSpy.mock.calls.at(-1)!;
    const target = new URL(String(input));
    expect(target.pathname).toBe('/Users/CreateUser');
    expect(target.searchParams.get('DirectoryId')).toBe(MANAGED_AD);
    const headers = init!.headers as Record<string, string>;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/ap-northeast-1\/ds-data\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date/,
    );
    expect(JSON.parse(String(init!.body))).toEqual({
      SAMAccountName: 'kmori',
      GivenName: '健',
      Surname: '森',
      EmailAddress: 'ken.mori@example.co.jp',
      ClientToken: TOKEN,
    });

    expect(await users.describeUser(MANAGED_AD, 'KMORI')).toEqual({ userName: 'kmori', enabled: true });
    expect(created().map((u) => u.userName)).toEqual(['kmori']);
    // WorkSpaces knows the account too: it is one of the directory's users.
    expect(sim.directories().find((d) => d.directoryId === MANAGED_AD)!.users).toContain('kmori');
  });

  it('sends a directory’s calls to its own Region', async () => {
    const regional = createDirectoryUsers({
      env: { AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA: url, AWS_ENDPOINT_URL_DIRECTORY_SERVICE: url },
      credentials: async () => credentials,
      regionOf: (id) => (id === OREGON_MAD ? 'us-west-2' : region),
    });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await regional.createUser(OREGON_MAD, { userName: 'jmori' }, TOKEN);
    const headers = fetchSpy.mock.calls.at(-1)![1]!.headers as Record<string, string>;
    expect(headers.authorization).toContain('/us-west-2/ds-data/aws4_request');
    const oregon = sim.directories('us-west-2').find((d) => d.directoryId === OREGON_MAD)!;
    expect(oregon.createdUsers?.map((u) => u.userName)).toEqual(['jmori']);
    expect(await regional.dataAccess(OREGON_MAD)).toBe('Enabled');
  });

  it('answers a repeated client token as the first time; a taken name or a token with other values is a conflict', async () => {
    await users.createUser(MANAGED_AD, person, TOKEN);
    await users.createUser(MANAGED_AD, person, TOKEN);
    expect(created()).toHaveLength(1);

    const otherValues = await refusal(
      users.createUser(MANAGED_AD, { ...person, email: 'k.mori@example.co.jp' }, TOKEN),
    );
    expect(otherValues).toBeInstanceOf(DirectoryUserConflictError);
    const taken = await refusal(users.createUser(MANAGED_AD, person, 'b'.repeat(64)));
    expect(taken).toBeInstanceOf(DirectoryUserConflictError);
    expect(created()).toHaveLength(1);
  });

  it('creates the user when only the answer is lost, and the retry with the same token gets the answer', async () => {
    sim.setFaults({ loseCreateUserAnswers: 1 });
    const lost = await refusal(users.createUser(MANAGED_AD, person, TOKEN));
    expect(lost).toBeInstanceOf(DirectoryUserError);
    expect(lost).toMatchObject({ awsError: 'InternalServerException', retryable: true });
    expect(created()).toHaveLength(1);
    await users.createUser(MANAGED_AD, person, TOKEN);
    expect(created()).toHaveLength(1);
  });

  it('reports data access and maps its refusal: disabled → AccessDeniedException, nothing created', async () => {
    expect(await users.dataAccess(MANAGED_AD)).toBe('Enabled');
    sim.setDataAccess(MANAGED_AD, 'Disabled');
    expect(await users.dataAccess(MANAGED_AD)).toBe('Disabled');
    const denied = await refusal(users.createUser(MANAGED_AD, person, TOKEN));
    expect(denied).toBeInstanceOf(DirectoryUserError);
    expect(denied).toMatchObject({ awsError: 'AccessDeniedException', retryable: false });
    expect(denied.message).toContain('DATA_DISABLED');
    expect(created()).toHaveLength(0);
  });

  it('maps the other refusals: another directory type, an unknown directory, a value the model refuses', async () => {
    expect(await refusal(users.dataAccess(SIMPLE_AD))).toMatchObject({
      awsError: 'UnsupportedOperationException',
    });
    expect(await refusal(users.dataAccess('d-0000000000'))).toMatchObject({
      awsError: 'DirectoryDoesNotExistException',
    });
    expect(await refusal(users.createUser(SIMPLE_AD, person, TOKEN))).toMatchObject({
      awsError: 'ValidationException',
    });
    expect(await refusal(users.describeUser('d-0000000000', 'kmori'))).toMatchObject({
      awsError: 'DirectoryUnavailableException',
    });
    const badName = await refusal(users.createUser(MANAGED_AD, { userName: 'k mori!' }, TOKEN));
    expect(badName).toMatchObject({ awsError: 'ValidationException', retryable: false });
    expect(created()).toHaveLength(0);
  });
});

describe('the simulator’s Directory Service Data', () => {
  it('refuses a wrong field with AWS’s ValidationException (400, the model’s constraint, no sensitive value)', async () => {
    const res = await fetch(`${url}/Users/CreateUser?DirectoryId=${MANAGED_AD}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261207/${region}/ds-data/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify({ SAMAccountName: 'kmori', GivenName: 'x'.repeat(65), ClientToken: '' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    const body = (await res.json()) as { Message: string };
    expect(body.Message).toContain(
      "at 'givenName' failed to satisfy constraint: Member must have length less than or equal to 64",
    );
    expect(body.Message).toContain(
      "at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(body.Message).not.toContain('xxxx');
    expect(created()).toHaveLength(0);
  });

  it('refuses an unsigned request and answers a missing user with ResourceNotFoundException (404)', async () => {
    const unsigned = await fetch(`${url}/Users/DescribeUser?DirectoryId=${MANAGED_AD}`, {
      method: 'POST',
      body: JSON.stringify({ SAMAccountName: 'kmori' }),
    });
    expect(unsigned.status).toBe(403);
    const missing = await fetch(`${url}/Users/DescribeUser?DirectoryId=${MANAGED_AD}`, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261207/${region}/ds-data/aws4_request`,
      },
      body: JSON.stringify({ SAMAccountName: 'nobody' }),
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });
});
