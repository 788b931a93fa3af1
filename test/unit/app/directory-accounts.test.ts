import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/kernel/config/load';
import { ConfigError } from '../../../src/kernel/errors';
import { runProvisioner } from '../../../src/provisioning/provision';
import { requestWorkspace } from '../../../src/provisioning/request-workspace';
import { accountClientToken, newDirectoryUser } from '../../../src/provisioning/rules';
import { appWorld, fakeDirectoryUsers, MANAGED_AD, SIMPLE_AD, sampleHire } from '../../support/fakes';

/**
 * Provisioning creates a hire's missing directory account before its WorkSpace in a directory with
 * `createUsers` (AWS Managed Microsoft AD with Directory Service Data enabled), never twice; elsewhere, or
 * with data access off, the hire waits for an admin with an alert that says what to do.
 */
const plenty = () => 60_000;

function world(dataAccess: 'Enabled' | 'Disabled' = 'Enabled') {
  const w = appWorld({ start: '2027-03-25T00:00:00Z', users: { [SIMPLE_AD]: ['hyamada'] } });
  const directoryUsers = fakeDirectoryUsers(w.ws, { dataAccess });
  const deps = { ...w.deps, directoryUsers: directoryUsers.api, dataAccess: new Map() };
  const queue = async (userName: string, directoryId = MANAGED_AD) => {
    const hire = sampleHire({
      person: {
        ...sampleHire().person,
        employeeId: `E-${userName}`,
        userName,
        givenName: '健',
        familyName: '森',
        email: 'ken.mori@example.co.jp',
      },
      directoryId,
    });
    w.stores.seed(hire);
    await requestWorkspace(deps, {
      hireId: hire.hireId,
      taskToken: `token-${hire.hireId}`,
      executionName: hire.executionName,
    });
    return hire.hireId;
  };
  const run = () => runProvisioner(deps, plenty);
  return { ...w, deps, directoryUsers, queue, run };
}

describe('provisioning in a directory with createUsers', () => {
  it('creates a missing account once, with the person’s names and email, then the WorkSpace', async () => {
    const w = world();
    const hireId = await w.queue('kmori');
    expect(await w.run()).toMatchObject({ created: 1, waitingForAccount: 0 });
    expect(w.directoryUsers.created).toEqual([
      {
        directoryId: MANAGED_AD,
        user: { userName: 'kmori', givenName: '健', surname: '森', email: 'ken.mori@example.co.jp' },
        clientToken: accountClientToken(w.table.hires.get(hireId)!),
      },
    ]);
    expect(w.table.hires.get(hireId)!.stage).toBe('PROVISIONING');
    expect(w.ses.sent).toHaveLength(0);
  });

  it('leaves an account that exists alone: no CreateUser', async () => {
    const w = world();
    w.ws.addUser(MANAGED_AD, 'kmori');
    await w.queue('kmori');
    expect(await w.run()).toMatchObject({ created: 1 });
    expect(w.directoryUsers.calls).toEqual(['dataAccess', 'describeUser']);
    expect(w.directoryUsers.created).toHaveLength(0);
  });

  it('a lost CreateUser answer: the WorkSpace is still created, and the account was made once', async () => {
    const w = world();
    w.directoryUsers.state.failNextCreate = 'lost';
    await w.queue('kmori');
    expect(await w.run()).toMatchObject({ created: 1 });
    expect(w.directoryUsers.created).toHaveLength(1);
  });

  it('a refused CreateUser is tried again on the next run with the same client token', async () => {
    const w = world();
    w.directoryUsers.state.failNextCreate = 'refused';
    const hireId = await w.queue('kmori');
    // The run carries on: CreateWorkspaces finds no user, the hire waits (one alert), the next run creates.
    expect(await w.run()).toMatchObject({ waitingForAccount: 1, created: 0 });
    expect(await w.run()).toMatchObject({ created: 1 });
    expect(w.directoryUsers.calls.filter((c) => c === 'createUser')).toHaveLength(2);
    expect(w.directoryUsers.created).toEqual([
      expect.objectContaining({ clientToken: accountClientToken(w.table.hires.get(hireId)!) }),
    ]);
  });

  it('asks for the data access status once per directory within a few minutes', async () => {
    const w = world();
    await w.queue('kmori');
    await w.queue('tmori');
    await w.run();
    expect(w.directoryUsers.calls.filter((c) => c === 'dataAccess')).toHaveLength(1);
    expect(w.directoryUsers.created.map((c) => c.user.userName).sort()).toEqual(['kmori', 'tmori']);
  });

  it('with Directory Service Data off: waits, and the one alert says how to enable it', async () => {
    const w = world('Disabled');
    const hireId = await w.queue('kmori');
    expect(await w.run()).toMatchObject({ waitingForAccount: 1, created: 0 });
    expect(await w.run()).toMatchObject({ waitingForAccount: 1 });
    expect(w.directoryUsers.calls).not.toContain('createUser');
    expect(w.table.hires.get(hireId)!.stage).toBe('QUEUED');
    expect(w.ses.sent).toHaveLength(1);
    const text = w.ses.sent[0]!.text;
    expect(text).toContain('Directory Service Data');
    expect(text).toContain(
      `aws ds enable-directory-data-access --directory-id ${MANAGED_AD} --region ap-northeast-1`,
    );
    expect(text).toContain('kmori');
  });

  it('another directory type keeps today’s path: no Directory Service Data call, wait and alert', async () => {
    const w = world();
    await w.queue('nobody', SIMPLE_AD);
    expect(await w.run()).toMatchObject({ waitingForAccount: 1 });
    expect(w.directoryUsers.calls).toEqual([]);
    expect(w.ses.sent[0]!.text).not.toContain('enable-directory-data-access');
  });
});

describe('the account’s rules', () => {
  it('one client token per hire and queueing, within the model’s ClientToken (1–128 ASCII)', () => {
    const a = accountClientToken({ hireId: 'hr-E-1', queuedAt: '2027-03-25T00:00:00.000Z' });
    expect(a.length).toBeGreaterThanOrEqual(1);
    expect(a.length).toBeLessThanOrEqual(128);
    expect([...a].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(accountClientToken({ hireId: 'hr-E-1', queuedAt: '2027-03-25T00:00:00.000Z' })).toBe(a);
    expect(accountClientToken({ hireId: 'hr-E-1', queuedAt: '2027-03-26T00:00:00.000Z' })).not.toBe(a);
    expect(accountClientToken({ hireId: 'hr-従業員-1', queuedAt: '2027-03-25T00:00:00.000Z' })).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  it('leaves out a name longer than Directory Service Data takes (64) rather than cutting it', () => {
    expect(
      newDirectoryUser({
        userName: 'kmori',
        givenName: 'K'.repeat(65),
        familyName: 'Mori',
        email: 'k@example.com',
      }),
    ).toEqual({ userName: 'kmori', surname: 'Mori', email: 'k@example.com' });
  });
});

describe('the createUsers configuration key', () => {
  const sample = () =>
    JSON.parse(readFileSync(join(import.meta.dirname, '../../../config/onboarding.json'), 'utf8'));

  it('is refused on a directory that is not MANAGED_AD, naming the key', () => {
    const raw = sample();
    raw.directories[0].createUsers = true;
    expect(raw.directories[0].type).toBe('SIMPLE_AD');
    let err: unknown;
    try {
      parseConfig(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toContain(
      "config.directories[0].createUsers: only a MANAGED_AD directory lets the product create accounts (Directory Service Data); a SIMPLE_AD directory's accounts are created by an admin",
    );
  });

  it('is off unless given, and the sample’s Managed AD directory has it on', () => {
    const config = parseConfig(sample());
    expect(config.directories.find((d) => d.id === SIMPLE_AD)?.createUsers).toBeUndefined();
    expect(config.directories.find((d) => d.id === MANAGED_AD)).toMatchObject({
      type: 'MANAGED_AD',
      createUsers: true,
    });
  });
});
