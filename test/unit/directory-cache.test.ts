import type { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { describe, expect, it } from 'vitest';
import { DIRECTORY_CACHE_MS } from '../../src/provisioning/adapters/directory-cache';
import { createWorkspacesApi } from '../../src/provisioning/adapters/workspaces';
import { testClock } from '../support/fakes';

/**
 * Directory lookups are shared for DIRECTORY_CACHE_MS on the one clock: a sign-in change made in the
 * console reaches the invitations sent after that, without a DescribeWorkspaceDirectories per invitation.
 */
describe('the directory lookup cache', () => {
  it('reuses a lookup within the lifetime and reads the directory again after it', async () => {
    const clock = testClock();
    let status = 'DISABLED';
    let calls = 0;
    const client = {
      send: async () => {
        calls++;
        return {
          Directories: [
            {
              DirectoryId: 'd-0123456789',
              RegistrationCode: 'wsnrt+CACHE1',
              DirectoryType: 'SIMPLE_AD',
              SamlProperties: { Status: status, UserAccessUrl: 'https://idp.example.com/sso' },
            },
          ],
        };
      },
    } as unknown as WorkSpacesClient;
    const api = createWorkspacesApi({
      budget: { ratePerSecond: 100, burst: 100 },
      client,
      clock,
    });

    const [a, b] = await Promise.all([
      api.describeDirectory('d-0123456789'),
      api.describeDirectory('d-0123456789'),
    ]);
    expect(calls).toBe(1);
    expect(a?.saml?.status).toBe('DISABLED');
    expect(b).toBe(a);

    status = 'ENABLED';
    clock.advance(DIRECTORY_CACHE_MS - 1);
    expect((await api.describeDirectory('d-0123456789'))?.saml?.status).toBe('DISABLED');
    expect(calls).toBe(1);

    clock.advance(1);
    expect((await api.describeDirectory('d-0123456789'))?.saml).toEqual({
      status: 'ENABLED',
      userAccessUrl: 'https://idp.example.com/sso',
    });
    expect(calls).toBe(2);
  });
});
