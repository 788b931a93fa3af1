import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspacesSimulator } from '../../local/workspaces-sim';

/**
 * AWS's own clients against the simulator's Directory Service Data: boto3 (the AWS CLI's botocore and its
 * models) always, the `aws` command itself when it is installed.
 */
const run = promisify(execFile);
const region = 'ap-northeast-1';
const MANAGED_AD = 'd-9067c0ffee';
const clock = { now: () => new Date(), nowMs: () => Date.now() };
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;

let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const started = await startWorkspacesSimulator({
    clock,
    region,
    port: 0,
    directories: [{ directoryId: MANAGED_AD, region, directoryType: 'MANAGED_AD' }],
  });
  ({ url, close } = started);
});
afterAll(async () => close?.());

describe('Directory Service Data through AWS’s clients', () => {
  it.skipIf(!hasBoto3)(`boto3${hasBoto3 ? '' : ' (skipped: python3 cannot import boto3)'}`, async () => {
    const script = join(import.meta.dirname, '..', 'support', 'ds_data_boto3.py');
    const { stdout } = await run('python3', [script, url, MANAGED_AD]);
    const out = JSON.parse(stdout);
    expect(out.dataAccess).toBe('Enabled');
    expect(out.missing).toMatchObject({ code: 'ResourceNotFoundException', status: 404 });
    expect(out.created).toEqual({ SAMAccountName: 'pyuser', hasSid: true });
    expect(out.described).toEqual({
      SAMAccountName: 'pyuser',
      Enabled: true,
      GivenName: 'Py',
      Surname: 'User',
    });
    // boto3 fills in a fresh ClientToken: the second create is a new request for a taken name.
    expect(out.again).toMatchObject({ code: 'ConflictException', status: 409 });
    expect(out.tooLong).toMatchObject({ code: 'ValidationException', status: 400 });
    expect(out.tooLong.message).toContain("'givenName'");
    expect(out.empty).toMatchObject({ code: 'ParamValidationError' });
  });

  it.skipIf(!hasAwsCli)(`the AWS CLI${hasAwsCli ? '' : ' (skipped: no aws command on PATH)'}`, async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA: url,
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE: url,
    };
    const aws = (...args: string[]) => run('aws', [...args, '--output', 'json'], { env });
    await aws('ds-data', 'create-user', '--directory-id', MANAGED_AD, '--sam-account-name', 'cliuser');
    const { stdout } = await aws(
      'ds-data',
      'describe-user',
      '--directory-id',
      MANAGED_AD,
      '--sam-account-name',
      'cliuser',
    );
    expect(JSON.parse(stdout)).toMatchObject({ SAMAccountName: 'cliuser', Enabled: true });
    const status = await aws('ds', 'describe-directory-data-access', '--directory-id', MANAGED_AD);
    expect(JSON.parse(status.stdout)).toEqual({ DataAccessStatus: 'Enabled' });
  });
});
