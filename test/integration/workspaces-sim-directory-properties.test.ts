import {
  DescribeWorkspaceDirectoriesCommand,
  ModifyCertificateBasedAuthPropertiesCommand,
  ModifySamlPropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AD_CONNECTOR_DIRECTORY_ID,
  SIMPLE_AD_DIRECTORY_ID,
  startWorkspacesSimulator,
  type WorkspacesSimulator,
} from '../../local/workspaces-sim';
import type { Clock } from '../../src/kernel/clock';
import { clientPlatforms, signInFor } from '../../src/kernel/hire/sign-in';
import { fromDirectory } from '../../src/provisioning/adapters/workspaces-mapping';

/**
 * The directory properties that decide how people sign in, changed and read through the real SDK client
 * against the simulator, and read by the product's adapter as the invitation would.
 */
const region = 'ap-northeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const clock: Clock = { now: () => new Date(), nowMs: () => Date.now() };
const IDP = 'https://idp.example.co.jp/app/workspaces/sso';
const CA =
  'arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab';

let sim: WorkspacesSimulator;
let close: () => Promise<void>;
let ws: WorkSpacesClient;

beforeAll(async () => {
  const started = await startWorkspacesSimulator({ clock, port: 0, budget: null });
  ({ close } = started);
  sim = started.simulator;
  ws = new WorkSpacesClient({ endpoint: started.url, region, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  ws?.destroy();
  await close?.();
});
beforeEach(() => sim.reset());

async function directory(id = SIMPLE_AD_DIRECTORY_ID) {
  const out = await ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [id] }));
  return out.Directories![0]!;
}

async function refusal(send: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await send;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    expect(e.$metadata?.httpStatusCode).toBe(400);
    return { name: e.name, message: e.message };
  }
  throw new Error('the request was accepted');
}

describe('directory sign-in properties in the simulator', () => {
  it('starts as a new directory does: SAML and certificates DISABLED, web access denied', async () => {
    const d = await directory();
    expect(d.SamlProperties).toEqual({ Status: 'DISABLED' });
    expect(d.CertificateBasedAuthProperties).toEqual({ Status: 'DISABLED' });
    expect(d.WorkspaceAccessProperties?.DeviceTypeWeb).toBe('DENY');
    expect(d.WorkspaceAccessProperties?.DeviceTypeWindows).toBe('ALLOW');
    expect(signInFor(fromDirectory(d)!)).toEqual({ mode: 'directory-password' });
  });

  it('ModifySamlProperties turns SAML 2.0 on; the adapter reads the identity provider link', async () => {
    await ws.send(
      new ModifySamlPropertiesCommand({
        ResourceId: SIMPLE_AD_DIRECTORY_ID,
        SamlProperties: { Status: 'ENABLED', UserAccessUrl: IDP, RelayStateParameterName: 'RelayState' },
      }),
    );
    const d = await directory();
    expect(d.SamlProperties).toEqual({
      Status: 'ENABLED',
      UserAccessUrl: IDP,
      RelayStateParameterName: 'RelayState',
    });
    expect(signInFor(fromDirectory(d)!)).toEqual({ mode: 'saml', userAccessUrl: IDP });
    // The other directory is untouched.
    expect((await directory(AD_CONNECTOR_DIRECTORY_ID)).SamlProperties).toEqual({ Status: 'DISABLED' });

    await ws.send(
      new ModifySamlPropertiesCommand({
        ResourceId: SIMPLE_AD_DIRECTORY_ID,
        SamlProperties: { Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK' },
        PropertiesToDelete: ['SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME'],
      }),
    );
    const fallback = await directory();
    expect(fallback.SamlProperties).toEqual({
      Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK',
      UserAccessUrl: IDP,
    });
    expect(signInFor(fromDirectory(fallback)!)).toEqual({
      mode: 'saml',
      userAccessUrl: IDP,
      fallback: 'hosted',
    });
  });

  it('refuses what the model refuses: an unknown status, a URL that is not http(s), a bad directory id', async () => {
    const bad = await refusal(
      ws.send(
        new ModifySamlPropertiesCommand({
          ResourceId: SIMPLE_AD_DIRECTORY_ID,
          SamlProperties: { Status: 'ON' as never, UserAccessUrl: 'ftp://idp.example' },
        }),
      ),
    );
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toContain('2 validation errors');
    expect(bad.message).toContain("'samlProperties.status'");
    expect(bad.message).toContain("'samlProperties.userAccessUrl'");
    const id = await refusal(
      ws.send(new ModifySamlPropertiesCommand({ ResourceId: 'directory-1', SamlProperties: {} })),
    );
    expect(id.name).toBe('ValidationException');
    expect((await directory()).SamlProperties).toEqual({ Status: 'DISABLED' });
  });

  it('refuses SAML without a user access URL and unknown directories, changing nothing', async () => {
    const noUrl = await refusal(
      ws.send(
        new ModifySamlPropertiesCommand({
          ResourceId: SIMPLE_AD_DIRECTORY_ID,
          SamlProperties: { Status: 'ENABLED' },
        }),
      ),
    );
    expect(noUrl.name).toBe('InvalidParameterValuesException');
    const unknown = await refusal(
      ws.send(
        new ModifySamlPropertiesCommand({
          ResourceId: 'd-0000000000',
          SamlProperties: { Status: 'ENABLED', UserAccessUrl: IDP },
        }),
      ),
    );
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect((await directory()).SamlProperties).toEqual({ Status: 'DISABLED' });
  });

  it('certificate-based authentication needs SAML 2.0 and a CA; then no password step at all', async () => {
    const withoutSaml = await refusal(
      ws.send(
        new ModifyCertificateBasedAuthPropertiesCommand({
          ResourceId: SIMPLE_AD_DIRECTORY_ID,
          CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA },
        }),
      ),
    );
    expect(withoutSaml.name).toBe('OperationNotSupportedException');
    await ws.send(
      new ModifySamlPropertiesCommand({
        ResourceId: SIMPLE_AD_DIRECTORY_ID,
        SamlProperties: { Status: 'ENABLED', UserAccessUrl: IDP },
      }),
    );
    const withoutCa = await refusal(
      ws.send(
        new ModifyCertificateBasedAuthPropertiesCommand({
          ResourceId: SIMPLE_AD_DIRECTORY_ID,
          CertificateBasedAuthProperties: { Status: 'ENABLED' },
        }),
      ),
    );
    expect(withoutCa.name).toBe('InvalidParameterValuesException');
    await ws.send(
      new ModifyCertificateBasedAuthPropertiesCommand({
        ResourceId: SIMPLE_AD_DIRECTORY_ID,
        CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA },
      }),
    );
    const d = await directory();
    expect(d.CertificateBasedAuthProperties).toEqual({ Status: 'ENABLED', CertificateAuthorityArn: CA });
    expect(signInFor(fromDirectory(d)!)).toEqual({ mode: 'saml', userAccessUrl: IDP, certificate: true });
  });

  it('ModifyWorkspaceAccessProperties: only the allowed device types get client links', async () => {
    await ws.send(
      new ModifyWorkspaceAccessPropertiesCommand({
        ResourceId: SIMPLE_AD_DIRECTORY_ID,
        WorkspaceAccessProperties: {
          DeviceTypeWeb: 'ALLOW',
          DeviceTypeAndroid: 'DENY',
          DeviceTypeLinux: 'DENY',
        },
      }),
    );
    const d = await directory();
    expect(d.WorkspaceAccessProperties).toMatchObject({
      DeviceTypeWeb: 'ALLOW',
      DeviceTypeAndroid: 'DENY',
      DeviceTypeLinux: 'DENY',
      DeviceTypeWindows: 'ALLOW',
    });
    const facts = fromDirectory(d)!;
    expect(clientPlatforms(facts.deviceAccess, 'WSP')).toEqual([
      'windows',
      'macos',
      'ios',
      'chromeos',
      'web',
    ]);
    expect(clientPlatforms(facts.deviceAccess, 'PCOIP')).toEqual(['windows', 'macos', 'ios', 'chromeos']);
    const missing = await refusal(
      ws.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: SIMPLE_AD_DIRECTORY_ID } as never)),
    );
    expect(missing.name).toBe('ValidationException');
  });

  it('reset brings the seeded properties back', async () => {
    await ws.send(
      new ModifySamlPropertiesCommand({
        ResourceId: SIMPLE_AD_DIRECTORY_ID,
        SamlProperties: { Status: 'ENABLED', UserAccessUrl: IDP },
      }),
    );
    sim.reset();
    expect((await directory()).SamlProperties).toEqual({ Status: 'DISABLED' });
  });
});
