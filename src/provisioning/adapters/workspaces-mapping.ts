import type {
  FailedCreateWorkspaceRequest,
  RunningMode,
  Tag,
  Workspace,
  WorkspaceAccessProperties,
  WorkspaceDirectory,
  WorkspaceRequest,
} from '@aws-sdk/client-workspaces';
import { DEVICE_TYPES, type DeviceType } from '../../kernel/hire/sign-in';
import type {
  CreateFailure,
  DirectoryInfo,
  NewWorkspace,
  WorkspaceInfo,
  WorkspaceTag,
} from '../../kernel/hire/workspace';

/* The WorkSpaces API's shapes as the product's own types (src/kernel/hire/workspace.ts) and back. */

/** Our request as the API's WorkspaceRequest. */
export function toWorkspaceRequest(request: NewWorkspace): WorkspaceRequest {
  return {
    DirectoryId: request.directoryId,
    UserName: request.userName,
    BundleId: request.bundleId,
    WorkspaceProperties: { RunningMode: request.runningMode as RunningMode, Protocols: [request.protocol] },
    Tags: request.tags.map(toTag),
  };
}

export const toTag = (tag: WorkspaceTag): Tag => ({ Key: tag.key, Value: tag.value });

export function fromWorkspaces(found: Workspace[] | undefined): WorkspaceInfo[] {
  const mapped: WorkspaceInfo[] = [];
  for (const ws of found ?? []) {
    if (!ws.WorkspaceId) continue;
    mapped.push({
      workspaceId: ws.WorkspaceId,
      ...(ws.UserName !== undefined ? { userName: ws.UserName } : {}),
      ...(ws.DirectoryId !== undefined ? { directoryId: ws.DirectoryId } : {}),
      ...(ws.State !== undefined ? { state: ws.State } : {}),
      ...(ws.ErrorCode !== undefined ? { errorCode: ws.ErrorCode } : {}),
      ...(ws.ErrorMessage !== undefined ? { errorMessage: ws.ErrorMessage } : {}),
    });
  }
  return mapped;
}

export function fromFailure(failure: FailedCreateWorkspaceRequest): CreateFailure {
  return {
    ...(failure.WorkspaceRequest?.UserName !== undefined
      ? { userName: failure.WorkspaceRequest.UserName }
      : {}),
    ...(failure.ErrorCode !== undefined ? { errorCode: failure.ErrorCode } : {}),
    ...(failure.ErrorMessage !== undefined ? { errorMessage: failure.ErrorMessage } : {}),
  };
}

const DEVICE_TYPE_MEMBERS: Record<DeviceType, keyof WorkspaceAccessProperties> = {
  windows: 'DeviceTypeWindows',
  macos: 'DeviceTypeOsx',
  linux: 'DeviceTypeLinux',
  ios: 'DeviceTypeIos',
  android: 'DeviceTypeAndroid',
  chromeos: 'DeviceTypeChromeOs',
  web: 'DeviceTypeWeb',
  zeroClient: 'DeviceTypeZeroClient',
  thinClient: 'DeviceTypeWorkSpacesThinClient',
};

function fromAccess(access: WorkspaceAccessProperties | undefined): DirectoryInfo['deviceAccess'] {
  if (!access) return undefined;
  const found: NonNullable<DirectoryInfo['deviceAccess']> = {};
  for (const device of DEVICE_TYPES) {
    const value = access[DEVICE_TYPE_MEMBERS[device]];
    if (value === 'ALLOW' || value === 'DENY') found[device] = value === 'ALLOW';
  }
  return found;
}

export function fromDirectory(directory: WorkspaceDirectory | undefined): DirectoryInfo | undefined {
  if (!directory?.DirectoryId) return undefined;
  const saml = directory.SamlProperties;
  const cba = directory.CertificateBasedAuthProperties;
  const deviceAccess = fromAccess(directory.WorkspaceAccessProperties);
  return {
    directoryId: directory.DirectoryId,
    ...(directory.RegistrationCode !== undefined ? { registrationCode: directory.RegistrationCode } : {}),
    ...(directory.DirectoryType !== undefined ? { directoryType: directory.DirectoryType } : {}),
    ...(directory.Alias !== undefined ? { alias: directory.Alias } : {}),
    ...(directory.DirectoryName !== undefined ? { directoryName: directory.DirectoryName } : {}),
    ...(directory.UserIdentityType !== undefined ? { userIdentityType: directory.UserIdentityType } : {}),
    ...(saml?.Status
      ? {
          saml: {
            status: saml.Status,
            ...(saml.UserAccessUrl ? { userAccessUrl: saml.UserAccessUrl } : {}),
            ...(saml.RelayStateParameterName
              ? { relayStateParameterName: saml.RelayStateParameterName }
              : {}),
          },
        }
      : {}),
    ...(cba?.Status ? { certificateBasedAuth: { status: cba.Status } } : {}),
    ...(deviceAccess ? { deviceAccess } : {}),
  };
}
