import { AwsError, invalidParameter, PATTERNS, Validation } from './errors';
import {
  BUNDLES,
  isVisible,
  type SimContext,
  type SimDirectory,
  type SimWorkspace,
  type Tag,
  workspaceState,
} from './state';

type Input = Record<string, unknown>;
export type Operation = (ctx: SimContext, input: Input) => unknown;

const PAGE_MAX = 25;
const seconds = (ms: number) => Math.floor(ms / 1000);

function page<T>(
  items: T[],
  limit: number | undefined,
  nextToken: unknown,
): { items: T[]; NextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = typeof nextToken === 'string' ? Buffer.from(nextToken, 'base64url').toString() : '';
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) throw invalidParameter('The pagination token is invalid.');
    offset = Number(match[1]);
  }
  const size = limit ?? PAGE_MAX;
  const slice = items.slice(offset, offset + size);
  const next =
    offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
  return next ? { items: slice, NextToken: next } : { items: slice };
}

function findDirectory(ctx: SimContext, id: string): SimDirectory | undefined {
  return ctx.state.directories.find((d) => d.directoryId === id);
}

function directoryView(ctx: SimContext, d: SimDirectory) {
  const dcs = d.directoryType === 'SIMPLE_AD' ? ['10.0.1.10', '10.0.2.10'] : ['10.0.1.20', '10.0.2.20'];
  return {
    DirectoryId: d.directoryId,
    Alias: d.alias,
    DirectoryName: d.directoryName,
    RegistrationCode: d.registrationCode,
    SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
    DnsIpAddresses: dcs,
    CustomerUserName: d.directoryType === 'AD_CONNECTOR' ? 'svc-adconnector' : 'Administrator',
    IamRoleId: `arn:aws:iam::${ctx.accountId}:role/workspaces_DefaultRole`,
    DirectoryType: d.directoryType,
    WorkspaceSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
    State: 'REGISTERED',
    WorkspaceCreationProperties: {
      EnableInternetAccess: false,
      DefaultOu: d.directoryName
        .split('.')
        .map((part) => `DC=${part}`)
        .join(','),
      UserEnabledAsLocalAdministrator: false,
      EnableMaintenanceMode: true,
    },
    ipGroupIds: [],
    WorkspaceAccessProperties: {
      DeviceTypeWindows: 'ALLOW',
      DeviceTypeOsx: 'ALLOW',
      DeviceTypeWeb: 'DENY',
      DeviceTypeIos: 'ALLOW',
      DeviceTypeAndroid: 'ALLOW',
      DeviceTypeChromeOs: 'ALLOW',
      DeviceTypeZeroClient: 'ALLOW',
      DeviceTypeLinux: 'ALLOW',
    },
    Tenancy: 'SHARED',
    SelfservicePermissions: {
      RestartWorkspace: 'ENABLED',
      IncreaseVolumeSize: 'DISABLED',
      ChangeComputeType: 'DISABLED',
      SwitchRunningMode: 'DISABLED',
      RebuildWorkspace: 'DISABLED',
    },
    SamlProperties: { Status: 'DISABLED' },
    CertificateBasedAuthProperties: { Status: 'DISABLED' },
    UserIdentityType: 'AWS_DIRECTORY_SERVICE',
    WorkspaceType: 'PERSONAL',
  };
}

// CreateWorkspaces always answers PENDING, even with a zero provisioning delay, as AWS does.
export function workspaceView(ctx: SimContext, ws: SimWorkspace, justCreated = false) {
  const state = justCreated ? 'PENDING' : workspaceState(ctx, ws);
  const provisioned = state !== 'PENDING';
  return {
    WorkspaceId: ws.workspaceId,
    DirectoryId: ws.directoryId,
    UserName: ws.userName,
    ...(provisioned ? { IpAddress: ws.ipAddress, ComputerName: ws.computerName } : {}),
    State: state,
    BundleId: ws.bundleId,
    SubnetId: 'subnet-0a1b2c3d',
    ...(state === 'ERROR'
      ? {
          ErrorCode: 'InternalError',
          ErrorMessage: 'The WorkSpace could not be created because of an internal error. Try again.',
        }
      : {}),
    ...(ws.volumeEncryptionKey ? { VolumeEncryptionKey: ws.volumeEncryptionKey } : {}),
    UserVolumeEncryptionEnabled: ws.userVolumeEncryptionEnabled,
    RootVolumeEncryptionEnabled: ws.rootVolumeEncryptionEnabled,
    ...(ws.workspaceName ? { WorkspaceName: ws.workspaceName } : {}),
    WorkspaceProperties: ws.properties,
    ModificationStates: [],
  };
}

function describeWorkspaceDirectories(ctx: SimContext, input: Input) {
  const v = new Validation();
  const ids = v.list(input.DirectoryIds, 'directoryIds', { min: 1, max: 25 }) as string[] | undefined;
  ids?.forEach((id, i) => {
    v.string(id, `directoryIds.${i + 1}.member`, {
      min: 10,
      max: 65,
      pattern: PATTERNS.workspacesDirectoryId,
    });
  });
  const limit = v.integer(input.Limit, 'limit', { min: 1, max: 25 });
  v.throwIfAny();
  const dirs = ctx.state.directories.filter((d) => !ids || ids.includes(d.directoryId));
  const { items, NextToken } = page(dirs, limit, input.NextToken);
  return { Directories: items.map((d) => directoryView(ctx, d)), ...(NextToken ? { NextToken } : {}) };
}

function describeWorkspaceBundles(ctx: SimContext, input: Input) {
  const v = new Validation();
  const ids = v.list(input.BundleIds, 'bundleIds', { min: 1, max: 25 }) as string[] | undefined;
  const owner = v.string(input.Owner, 'owner', {});
  v.throwIfAny();
  if (ids && owner !== undefined)
    throw invalidParameter('The BundleIds and Owner parameters cannot be combined.');
  // As on AWS: no filter means "bundles of this account", and the seeded bundles are Amazon's.
  const bundles = BUNDLES.filter((b) => (ids ? ids.includes(b.bundleId) : owner === 'AMAZON'));
  const created = ctx.clock.nowMs() - 90 * 24 * 3600_000;
  const { items, NextToken } = page(bundles, undefined, input.NextToken);
  return {
    Bundles: items.map((b) => ({
      BundleId: b.bundleId,
      Name: b.name,
      Owner: 'Amazon',
      Description: b.description,
      ImageId: b.imageId,
      RootStorage: { Capacity: String(b.rootGib) },
      UserStorage: { Capacity: String(b.userGib) },
      ComputeType: { Name: b.computeType },
      LastUpdatedTime: seconds(created),
      CreationTime: seconds(created),
      State: 'AVAILABLE',
      BundleType: 'REGULAR',
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

function createWorkspaces(ctx: SimContext, input: Input) {
  const v = new Validation();
  const requests = (v.list(input.Workspaces, 'workspaces', { min: 1, max: 25, required: true }) ??
    []) as Input[];
  requests.forEach((r, i) => {
    const at = `workspaces.${i + 1}.member`;
    v.string(r.DirectoryId, `${at}.directoryId`, {
      required: true,
      min: 10,
      max: 65,
      pattern: PATTERNS.workspacesDirectoryId,
    });
    v.string(r.UserName, `${at}.userName`, { required: true, min: 1, max: 63 });
    v.string(r.BundleId, `${at}.bundleId`, { required: true, pattern: PATTERNS.bundleId });
  });
  v.throwIfAny();

  const pending: unknown[] = [];
  const failed: unknown[] = [];
  const fail = (request: Input, code: string, message: string) =>
    failed.push({ WorkspaceRequest: request, ErrorCode: code, ErrorMessage: message });

  for (const request of requests) {
    const directoryId = request.DirectoryId as string;
    const userName = request.UserName as string;
    const directory = findDirectory(ctx, directoryId);
    const bundle = BUNDLES.find((b) => b.bundleId === request.BundleId);
    if (!directory) {
      fail(
        request,
        'ResourceNotFound.Directory',
        'The specified directory could not be found in the specified region.',
      );
      continue;
    }
    if (!bundle) {
      fail(
        request,
        'ResourceNotFound.Bundle',
        'The specified bundle could not be found in the specified region.',
      );
      continue;
    }
    const lower = userName.toLowerCase();
    if (!directory.users.some((u) => u.toLowerCase() === lower)) {
      fail(request, 'ResourceNotFound.User', 'The specified user could not be found in the directory.');
      continue;
    }
    // One WorkSpace per user per directory; AD user names are case-insensitive.
    const existing = ctx.state.workspaces.find(
      (w) =>
        w.directoryId === directoryId &&
        w.userName.toLowerCase() === lower &&
        workspaceState(ctx, w) !== 'TERMINATED',
    );
    if (existing) {
      fail(request, 'ResourceExists.WorkSpace', 'A WorkSpace already exists for the specified user.');
      continue;
    }
    const requested = (request.WorkspaceProperties ?? {}) as Input;
    const n = ctx.state.workspaces.length + 1;
    const ws: SimWorkspace = {
      workspaceId: ctx.newWorkspaceId(),
      directoryId,
      userName,
      bundleId: bundle.bundleId,
      createdAtMs: ctx.clock.nowMs(),
      fate: ctx.takeErrorFate() ? 'ERROR' : 'AVAILABLE',
      properties: {
        RunningMode: 'AUTO_STOP',
        RunningModeAutoStopTimeoutInMinutes: 60,
        RootVolumeSizeGib: bundle.rootGib,
        UserVolumeSizeGib: bundle.userGib,
        ComputeTypeName: bundle.computeType,
        OperatingSystemName: 'WINDOWS_10',
        ...requested,
        Protocols: Array.isArray(requested.Protocols) ? requested.Protocols : [bundle.protocol],
      },
      userVolumeEncryptionEnabled: request.UserVolumeEncryptionEnabled === true,
      rootVolumeEncryptionEnabled: request.RootVolumeEncryptionEnabled === true,
      ...(typeof request.VolumeEncryptionKey === 'string'
        ? { volumeEncryptionKey: request.VolumeEncryptionKey }
        : {}),
      ...(typeof request.WorkspaceName === 'string' ? { workspaceName: request.WorkspaceName } : {}),
      ipAddress: `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 4}`,
      computerName: `WSAMZN-${ctx.newWorkspaceId().slice(3, 11).toUpperCase()}`,
      connected: false,
    };
    ctx.state.workspaces.push(ws);
    if (Array.isArray(request.Tags) && request.Tags.length > 0)
      ctx.state.tags[ws.workspaceId] = request.Tags as Tag[];
    pending.push(workspaceView(ctx, ws, true));
  }
  if (pending.length > 0) ctx.changed();
  return { FailedRequests: failed, PendingRequests: pending };
}

function describeWorkspaces(ctx: SimContext, input: Input) {
  const v = new Validation();
  const ids = v.list(input.WorkspaceIds, 'workspaceIds', { min: 1, max: 25 }) as string[] | undefined;
  ids?.forEach((id, i) => {
    v.string(id, `workspaceIds.${i + 1}.member`, { pattern: PATTERNS.workspaceId });
  });
  const directoryId = v.string(input.DirectoryId, 'directoryId', {
    min: 10,
    max: 65,
    pattern: PATTERNS.workspacesDirectoryId,
  });
  const userName = v.string(input.UserName, 'userName', { min: 1, max: 63 });
  const bundleId = v.string(input.BundleId, 'bundleId', { pattern: PATTERNS.bundleId });
  const workspaceName = v.string(input.WorkspaceName, 'workspaceName', {});
  const limit = v.integer(input.Limit, 'limit', { min: 1, max: 25 });
  v.throwIfAny();
  if (ids && (directoryId || userName || bundleId || workspaceName)) {
    throw invalidParameter('The WorkspaceIds parameter cannot be combined with any other filter.');
  }
  if (bundleId && (directoryId || userName)) {
    throw invalidParameter('The BundleId parameter cannot be combined with any other filter.');
  }
  if (userName && !directoryId)
    throw invalidParameter('The DirectoryId must be specified with the UserName.');

  const matches = ctx.state.workspaces.filter(
    (w) =>
      isVisible(ctx, w) &&
      (!ids || ids.includes(w.workspaceId)) &&
      (!directoryId || w.directoryId === directoryId) &&
      (!userName || w.userName.toLowerCase() === userName.toLowerCase()) &&
      (!bundleId || w.bundleId === bundleId) &&
      (!workspaceName || w.workspaceName === workspaceName),
  );
  const { items, NextToken } = page(matches, limit, input.NextToken);
  return { Workspaces: items.map((w) => workspaceView(ctx, w)), ...(NextToken ? { NextToken } : {}) };
}

function describeWorkspacesConnectionStatus(ctx: SimContext, input: Input) {
  const v = new Validation();
  const ids = v.list(input.WorkspaceIds, 'workspaceIds', { min: 1, max: 25 }) as string[] | undefined;
  ids?.forEach((id, i) => {
    v.string(id, `workspaceIds.${i + 1}.member`, { pattern: PATTERNS.workspaceId });
  });
  v.throwIfAny();
  const matches = ctx.state.workspaces.filter(
    (w) => isVisible(ctx, w) && (!ids || ids.includes(w.workspaceId)),
  );
  const { items, NextToken } = page(matches, undefined, input.NextToken);
  const now = seconds(ctx.clock.nowMs());
  return {
    WorkspacesConnectionStatus: items.map((w) => {
      const state = workspaceState(ctx, w);
      const known = state === 'AVAILABLE';
      return {
        WorkspaceId: w.workspaceId,
        ConnectionState: known ? (w.connected ? 'CONNECTED' : 'DISCONNECTED') : 'UNKNOWN',
        ...(known ? { ConnectionStateCheckTimestamp: now } : {}),
        ...(w.lastLoginMs !== undefined ? { LastKnownUserConnectionTimestamp: seconds(w.lastLoginMs) } : {}),
      };
    }),
    ...(NextToken ? { NextToken } : {}),
  };
}

function terminateWorkspaces(ctx: SimContext, input: Input) {
  const v = new Validation();
  const requests = (v.list(input.TerminateWorkspaceRequests, 'terminateWorkspaceRequests', {
    min: 1,
    max: 25,
    required: true,
  }) ?? []) as Input[];
  requests.forEach((r, i) => {
    v.string(r.WorkspaceId, `terminateWorkspaceRequests.${i + 1}.member.workspaceId`, {
      required: true,
      pattern: PATTERNS.workspaceId,
    });
  });
  v.throwIfAny();
  const failed: unknown[] = [];
  for (const request of requests) {
    const ws = ctx.state.workspaces.find((w) => w.workspaceId === request.WorkspaceId && isVisible(ctx, w));
    if (!ws || workspaceState(ctx, ws) === 'TERMINATED') {
      failed.push({
        WorkspaceId: request.WorkspaceId,
        ErrorCode: 'ResourceNotFound.Workspace',
        ErrorMessage: 'The specified WorkSpace could not be found.',
      });
      continue;
    }
    // Terminating twice is harmless on AWS too: the first request wins.
    if (ws.terminatedAtMs === undefined) {
      ws.terminatedAtMs = ctx.clock.nowMs();
      ws.connected = false;
    }
  }
  ctx.changed();
  return { FailedRequests: failed };
}

function taggable(ctx: SimContext, resourceId: string): boolean {
  return (
    ctx.state.workspaces.some((w) => w.workspaceId === resourceId && isVisible(ctx, w)) ||
    ctx.state.directories.some((d) => d.directoryId === resourceId)
  );
}

function createTags(ctx: SimContext, input: Input) {
  const v = new Validation();
  const resourceId = v.string(input.ResourceId, 'resourceId', { required: true, min: 1 }) as string;
  const tags = (v.list(input.Tags, 'tags', { required: true }) ?? []) as Tag[];
  tags.forEach((t, i) => {
    v.string(t.Key, `tags.${i + 1}.member.key`, { required: true, min: 1, max: 127 });
    v.string(t.Value, `tags.${i + 1}.member.value`, { max: 255 });
  });
  v.throwIfAny();
  if (!taggable(ctx, resourceId))
    throw new AwsError('ResourceNotFoundException', 'The resource could not be found.');
  const current = new Map((ctx.state.tags[resourceId] ?? []).map((t) => [t.Key, t] as const));
  for (const t of tags)
    current.set(t.Key, t.Value === undefined ? { Key: t.Key } : { Key: t.Key, Value: t.Value });
  if (current.size > 50)
    throw new AwsError('ResourceLimitExceededException', 'Your resource limits have been exceeded.');
  ctx.state.tags[resourceId] = [...current.values()];
  ctx.changed();
  return {};
}

function describeTags(ctx: SimContext, input: Input) {
  const v = new Validation();
  const resourceId = v.string(input.ResourceId, 'resourceId', { required: true, min: 1 }) as string;
  v.throwIfAny();
  if (!taggable(ctx, resourceId))
    throw new AwsError('ResourceNotFoundException', 'The resource could not be found.');
  return { TagList: ctx.state.tags[resourceId] ?? [] };
}

export const workspacesOperations: Record<string, Operation> = {
  DescribeWorkspaceDirectories: describeWorkspaceDirectories,
  DescribeWorkspaceBundles: describeWorkspaceBundles,
  CreateWorkspaces: createWorkspaces,
  DescribeWorkspaces: describeWorkspaces,
  DescribeWorkspacesConnectionStatus: describeWorkspacesConnectionStatus,
  TerminateWorkspaces: terminateWorkspaces,
  CreateTags: createTags,
  DescribeTags: describeTags,
};
