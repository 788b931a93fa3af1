/**
 * How people sign in to a directory's WorkSpaces and from which devices: ModifySamlProperties,
 * ModifyCertificateBasedAuthProperties and ModifyWorkspaceAccessProperties, and the same properties in
 * DescribeWorkspaceDirectories. The model checks the members (enums, the URL pattern, the ARN); what it
 * cannot express is checked here (README, "WorkSpaces and Directory Service").
 */
import { AwsError, invalidParameter } from './errors';
import type { SimContext, SimDirectory } from './state';
import type { Operation } from './workspaces-ops';

type Input = Record<string, unknown>;

export interface SimSaml {
  Status: string;
  UserAccessUrl?: string;
  RelayStateParameterName?: string;
}
export interface SimCertificateBasedAuth {
  Status: string;
  CertificateAuthorityArn?: string;
}
export type SimWorkspaceAccess = Record<string, unknown>;

/** What a directory registered today reports: no SAML, no certificates, web access off. */
const DEFAULT_ACCESS: SimWorkspaceAccess = {
  DeviceTypeWindows: 'ALLOW',
  DeviceTypeOsx: 'ALLOW',
  DeviceTypeWeb: 'DENY',
  DeviceTypeIos: 'ALLOW',
  DeviceTypeAndroid: 'ALLOW',
  DeviceTypeChromeOs: 'ALLOW',
  DeviceTypeZeroClient: 'ALLOW',
  DeviceTypeLinux: 'ALLOW',
};

/** The members of WorkspaceDirectory these operations change, as DescribeWorkspaceDirectories shows them. */
export function directoryProperties(d: SimDirectory) {
  return {
    WorkspaceAccessProperties: { ...DEFAULT_ACCESS, ...d.workspaceAccess },
    SamlProperties: d.saml ?? { Status: 'DISABLED' },
    CertificateBasedAuthProperties: d.certificateBasedAuth ?? { Status: 'DISABLED' },
  };
}

function directoryOf(ctx: SimContext, input: Input): SimDirectory {
  const id = input.ResourceId as string;
  const found = ctx.state.directories.find((d) => d.directoryId === id);
  if (!found) throw new AwsError('ResourceNotFoundException', `The directory ${id} could not be found.`);
  return found;
}

const SAML_DELETABLE: Record<string, keyof SimSaml> = {
  SAML_PROPERTIES_USER_ACCESS_URL: 'UserAccessUrl',
  SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME: 'RelayStateParameterName',
};

function modifySamlProperties(ctx: SimContext, input: Input) {
  const directory = directoryOf(ctx, input);
  const given = (input.SamlProperties ?? {}) as Partial<SimSaml>;
  const toDelete = ((input.PropertiesToDelete ?? []) as string[]).map((p) => SAML_DELETABLE[p]!);
  const both = toDelete.find((member) => given[member] !== undefined);
  if (both) throw invalidParameter(`${both} cannot be both set and deleted in one request.`);
  const next: SimSaml = { ...(directory.saml ?? { Status: 'DISABLED' }), ...definedOnly(given) };
  for (const member of toDelete) delete next[member];
  // Turning SAML 2.0 on sends people to the identity provider: there must be one to send them to.
  if (next.Status !== 'DISABLED' && !next.UserAccessUrl) {
    throw invalidParameter('A user access URL is required to enable SAML 2.0 authentication.');
  }
  if (next.Status === 'DISABLED' && directory.certificateBasedAuth?.Status === 'ENABLED') {
    throw new AwsError(
      'OperationNotSupportedException',
      'Disable certificate-based authentication before disabling SAML 2.0 authentication.',
    );
  }
  directory.saml = next;
  ctx.changed();
  return {};
}

function modifyCertificateBasedAuthProperties(ctx: SimContext, input: Input) {
  const directory = directoryOf(ctx, input);
  const given = (input.CertificateBasedAuthProperties ?? {}) as Partial<SimCertificateBasedAuth>;
  const deleteArn = ((input.PropertiesToDelete ?? []) as string[]).length > 0;
  if (deleteArn && given.CertificateAuthorityArn !== undefined) {
    throw invalidParameter('CertificateAuthorityArn cannot be both set and deleted in one request.');
  }
  const next: SimCertificateBasedAuth = {
    ...(directory.certificateBasedAuth ?? { Status: 'DISABLED' }),
    ...definedOnly(given),
  };
  if (deleteArn) delete next.CertificateAuthorityArn;
  if (next.Status === 'ENABLED') {
    if (!next.CertificateAuthorityArn) {
      throw invalidParameter(
        'A certificate authority ARN is required to enable certificate-based authentication.',
      );
    }
    // The Administration Guide's prerequisite: certificate-based authentication builds on SAML 2.0.
    if ((directory.saml?.Status ?? 'DISABLED') === 'DISABLED') {
      throw new AwsError(
        'OperationNotSupportedException',
        'Certificate-based authentication requires SAML 2.0 authentication to be enabled on the directory.',
      );
    }
  }
  directory.certificateBasedAuth = next;
  ctx.changed();
  return {};
}

function modifyWorkspaceAccessProperties(ctx: SimContext, input: Input) {
  const directory = directoryOf(ctx, input);
  const given = definedOnly(input.WorkspaceAccessProperties as SimWorkspaceAccess);
  directory.workspaceAccess = { ...directory.workspaceAccess, ...given };
  ctx.changed();
  return {};
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const directoryPropertyOperations: Record<string, Operation> = {
  ModifySamlProperties: modifySamlProperties,
  ModifyCertificateBasedAuthProperties: modifyCertificateBasedAuthProperties,
  ModifyWorkspaceAccessProperties: modifyWorkspaceAccessProperties,
};
