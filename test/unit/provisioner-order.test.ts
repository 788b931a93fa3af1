import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/kernel/config/load';
import type { Mailer } from '../../src/kernel/email/mailer';
import type { HireRecord } from '../../src/kernel/hire/record';
import type { NewWorkspace } from '../../src/kernel/hire/workspace';
import type { Workflows } from '../../src/kernel/workflows';
import type { WorkspacesApi } from '../../src/kernel/workspaces-api';
import type { ProvisionerDeps } from '../../src/provisioning/ports';
import { runProvisioner } from '../../src/provisioning/provision';
import { oneRegion, testClock } from '../support/fakes';
import { memoryStores } from '../support/memory-stores';

/**
 * Hires waiting for their directory account are tried again in every run, but after the new hires: they
 * fill the spare places of the new hires' batches and get only the calls that are left.
 */
const NOW = new Date('2027-03-25T00:00:00Z');
const QUEUED_AT = '2027-03-24T15:00:00Z';
const config = parseConfig(
  JSON.parse(
    JSON.stringify({
      company: { name: 'Example', supportContact: { email: 'it@example.com' } },
      directories: [
        { id: 'd-aaaaaaaaaa', type: 'SIMPLE_AD', default: true },
        { id: 'd-bbbbbbbbbb', type: 'SIMPLE_AD' },
      ],
      bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'PCOIP' } },
      email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
    }),
  ),
);

function hire(n: string, directoryId: string, waiting: boolean): HireRecord {
  return {
    hireId: `hr-${n}`,
    source: 'hr',
    stage: 'QUEUED',
    version: 1,
    person: {
      employeeId: n,
      givenName: 'A',
      familyName: 'B',
      email: `${n}@example.com`,
      userName: n,
      startDate: '2027-04-01',
      locale: 'en',
      timeZone: 'Asia/Tokyo',
    },
    directoryId,
    bundleId: 'wsb-abcdef123',
    protocol: 'PCOIP',
    runningMode: 'AUTO_STOP',
    provisionAt: QUEUED_AT,
    executionName: `hire-hr-${n}`,
    createdAt: QUEUED_AT,
    updatedAt: QUEUED_AT,
    taskToken: `token-${n}`,
    queuedAt: QUEUED_AT,
    ...(waiting
      ? {
          directoryWait: {
            queuedAt: QUEUED_AT,
            since: QUEUED_AT,
            until: '2027-04-01T15:00:00Z',
            alertedAt: QUEUED_AT,
          },
        }
      : {}),
  };
}

function world(queued: HireRecord[], knownUsers: Set<string>, callsAllowed = Number.POSITIVE_INFINITY) {
  const stores = memoryStores(testClock(NOW.toISOString()));
  for (const h of queued) stores.seed(h, { work: { queue: 'QUEUED', dueAt: QUEUED_AT } });
  const hires = stores.table.hires;
  const creates: string[][] = [];
  const workspaces = {
    async createWorkspaces(requests: NewWorkspace[]) {
      creates.push(requests.map((r) => r.userName));
      return {
        pending: requests
          .filter((r) => knownUsers.has(r.userName))
          .map((r, i) => ({ workspaceId: `ws-${r.userName}${i}`, userName: r.userName, state: 'PENDING' })),
        failed: requests
          .filter((r) => !knownUsers.has(r.userName))
          .map((r) => ({
            userName: r.userName,
            errorCode: 'ResourceNotFound.User',
            errorMessage: 'no user',
          })),
      };
    },
    describeByIds: async () => [],
    describeDirectory: async () => undefined,
  } as unknown as WorkspacesApi;
  const deps: ProvisionerDeps = {
    hires: stores.hires,
    workQueue: stores.workQueue,
    workspaces: oneRegion(workspaces),
    workflows: { fail: async () => true, resume: async () => true } as unknown as Workflows,
    mailer: { sendOnce: async () => ({ sent: true }) } as Mailer,
    clock: { now: () => NOW, nowMs: () => NOW.getTime() },
    config,
    regionOf: () => 'ap-northeast-1',
  };
  const remainingMs = () => (creates.length < callsAllowed ? 60_000 : 0);
  return { deps, creates, hires, run: () => runProvisioner(deps, remainingMs) };
}

describe('the provisioner never starves new hires for hires waiting for their directory account', () => {
  it('puts the new hire first and lets waiting hires fill the batch', async () => {
    const waiting = Array.from({ length: 30 }, (_, i) => hire(`wait${i}`, 'd-aaaaaaaaaa', true));
    const { creates, hires, run } = world(
      [...waiting, hire('newbie', 'd-aaaaaaaaaa', false)],
      new Set(['newbie']),
    );
    const report = await run();
    expect(creates.map((c) => c.length)).toEqual([25, 6]);
    expect(creates[0]![0]).toBe('newbie');
    expect(report).toMatchObject({ created: 1, waitingForAccount: 30 });
    expect(hires.get('hr-newbie')?.stage).toBe('PROVISIONING');
    expect(hires.get('hr-wait0')?.stage).toBe('QUEUED');
  });

  it('with time for one call, spends it on the new hire, even in another directory listed later', async () => {
    const waiting = Array.from({ length: 60 }, (_, i) => hire(`wait${i}`, 'd-aaaaaaaaaa', true));
    const { creates, run } = world(
      [...waiting, hire('newbie', 'd-bbbbbbbbbb', false)],
      new Set(['newbie']),
      1,
    );
    const report = await run();
    expect(creates).toEqual([['newbie']]);
    expect(report).toMatchObject({ created: 1, waitingForAccount: 0, stoppedEarly: true });
  });

  it('tries a waiting hire again in every run, and provisions it once the account exists', async () => {
    const known = new Set<string>();
    const { creates, hires, run } = world([hire('late', 'd-aaaaaaaaaa', true)], known);
    await run();
    expect(hires.get('hr-late')?.stage).toBe('QUEUED');
    known.add('late');
    await run();
    expect(creates).toEqual([['late'], ['late']]);
    expect(hires.get('hr-late')).toMatchObject({ stage: 'PROVISIONING', workspaceId: 'ws-late0' });
    expect(hires.get('hr-late')?.directoryWait).toBeUndefined();
  });
});
