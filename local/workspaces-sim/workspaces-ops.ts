import { directoryProperties, directoryPropertyOperations } from './directory-properties';
import { AwsError, invalidParameter } from './errors';
import {
  BUNDLES,
  isVisible,
  type SimContext,
  type SimDirectory,
  type SimWorkspace,
  type Tag,
  workspaceState,
} from './state';

/**
 * The WorkSpaces operations the simulator serves. The simulator has already checked each request against
 * the service model (./model.ts), so these handle only what the model cannot say: combinations of
 * parameters, what exists, and the per-WorkSpace refusals CreateWorkspaces reports in FailedRequests.
 */
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
  // An IAM Identity Center directory has no domain controllers or service account: its users are
  // Identity Center's (WorkspaceDirectory: UserIdentityType, IDCConfig).
  const identityCenter = d.directoryType === 'AWS_IAM_IDENTITY_CENTER';
  const dcs = d.directoryType === 'SIMPLE_AD' ? ['10.0.1.10', '10.0.2.10'] : ['10.0.1.20', '10.0.2.20'];
  return {
    DirectoryId: d.directoryId,
    Alias: d.alias,
    DirectoryName: d.directoryName,
    RegistrationCode: d.registrationCode,
    SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
    ...(identityCenter
      ? {}
      : {
          DnsIpAddresses: dcs,
          CustomerUserName: d.directoryType === 'AD_CONNECTOR' ? 'svc-adconnector' : 'Administrator',
        }),
    IamRoleId: `arn:aws:iam::${ctx.accountId}:role/workspaces_DefaultRole`,
    // WorkSpaces' directory types (botocore model) have no Managed AD value: the simulator answers SIMPLE_AD.
    DirectoryType: d.directoryType === 'MANAGED_AD' ? 'SIMPLE_AD' : d.directoryType,
    WorkspaceSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
    State: 'REGISTERED',
    WorkspaceCreationProperties: {
      EnableInternetAccess: false,
      ...(identityCenter
        ? {}
        : {
            DefaultOu: d.directoryName
              .split('.')
              .map((part) => `DC=${part}`)
              .join(','),
          }),
      UserEnabledAsLocalAdministrator: false,
      EnableMaintenanceMode: true,
    },
    ipGroupIds: [],
    ...directoryProperties(d),
    Tenancy: 'SHARED',
    SelfservicePermissions: {
      RestartWorkspace: 'ENABLED',
      IncreaseVolumeSize: 'DISABLED',
      ChangeComputeType: 'DISABLED',
      SwitchRunningMode: 'DISABLED',
      RebuildWorkspace: 'DISABLED',
    },
    ...(identityCenter
      ? {
          UserIdentityType: 'AWS_IAM_IDENTITY_CENTER',
          IDCConfig: {
            InstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
            ApplicationArn: `arn:aws:sso::${ctx.accountId}:application/ssoins-0123456789abcdef/apl-0123456789abcdef`,
          },
        }
      : { UserIdentityType: 'AWS_DIRECTORY_SERVICE' }),
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
  const ids = input.DirectoryIds as string[] | undefined;
  const limit = input.Limit as number | undefined;
  const dirs = ctx.state.directories.filter((d) => !ids || ids.includes(d.directoryId));
  const { items, NextToken } = page(dirs, limit, input.NextToken);
  return { Directories: items.map((d) => directoryView(ctx, d)), ...(NextToken ? { NextToken } : {}) };
}

function describeWorkspaceBundles(ctx: SimContext, input: Input) {
  const ids = input.BundleIds as string[] | undefined;
  const owner = input.Owner as string | undefined;
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

const MAX_TAGS = 50;
const USER_DECOUPLED = '[UNDEFINED]';

/**
 * What CreateWorkspaces refuses for one WorkSpace (reported in FailedRequests, the others go ahead):
 * properties the model allows but WorkSpaces does not, as the API reference and Admin Guide describe.
 */
function propertiesProblem(request: Input): [code: string, message: string] | undefined {
  const properties = (request.WorkspaceProperties ?? {}) as Input;
  const mode = properties.RunningMode as string | undefined;
  const timeout = properties.RunningModeAutoStopTimeoutInMinutes as number | undefined;
  if (mode === 'MANUAL')
    return [
      'InvalidParameterValuesException',
      'The MANUAL running mode is only supported by Amazon WorkSpaces Core.',
    ];
  if (mode === 'ALWAYS_ON' && timeout !== undefined)
    return [
      'InvalidParameterValuesException',
      'RunningModeAutoStopTimeoutInMinutes can only be set for WorkSpaces in the AUTO_STOP running mode.',
    ];
  if (timeout !== undefined && (timeout < 60 || timeout % 60 !== 0))
    return [
      'InvalidParameterValuesException',
      'RunningModeAutoStopTimeoutInMinutes must be configured in 60-minute intervals.',
    ];
  if (request.UserName === USER_DECOUPLED || request.WorkspaceName !== undefined)
    return [
      'InvalidParameterValuesException',
      'User-decoupled WorkSpaces (WorkspaceName, UserName [UNDEFINED]) are only supported by Amazon WorkSpaces Core.',
    ];
  if (Array.isArray(request.Tags) && request.Tags.length > MAX_TAGS)
    return [
      'ResourceLimitExceededException',
      `Each WorkSpaces resource can have a maximum of ${MAX_TAGS} tags.`,
    ];
  return undefined;
}

function createWorkspaces(ctx: SimContext, input: Input) {
  const requests = input.Workspaces as Input[];
  const pending: unknown[] = [];
  const failed: unknown[] = [];
  const fail = (request: Input, code: string, message: string) =>
    failed.push({ WorkspaceRequest: request, ErrorCode: code, ErrorMessage: message });

  for (const request of requests) {
    const directoryId = request.DirectoryId as string;
    const userName = request.UserName as string;
    const problem = propertiesProblem(request);
    if (problem) {
      fail(request, ...problem);
      continue;
    }
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
    const mode = (requested.RunningMode as string | undefined) ?? 'AUTO_STOP';
    const n = ctx.state.workspaces.length + 1;
    const ws: SimWorkspace = {
      workspaceId: ctx.newWorkspaceId(),
      directoryId,
      userName,
      bundleId: bundle.bundleId,
      createdAtMs: ctx.clock.nowMs(),
      path: ctx.newWorkspacePath(userName),
      properties: {
        RunningMode: mode,
        // AWS's default AutoStop time is one hour; AlwaysOn WorkSpaces have none.
        ...(mode === 'AUTO_STOP' ? { RunningModeAutoStopTimeoutInMinutes: 60 } : {}),
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
  const ids = input.WorkspaceIds as string[] | undefined;
  const directoryId = input.DirectoryId as string | undefined;
  const userName = input.UserName as string | undefined;
  const bundleId = input.BundleId as string | undefined;
  const workspaceName = input.WorkspaceName as string | undefined;
  const limit = input.Limit as number | undefined;
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
  const ids = input.WorkspaceIds as string[] | undefined;
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
  const requests = input.TerminateWorkspaceRequests as Input[];
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
  const resourceId = input.ResourceId as string;
  const tags = input.Tags as Tag[];
  if (!taggable(ctx, resourceId))
    throw new AwsError('ResourceNotFoundException', 'The resource could not be found.');
  const current = new Map((ctx.state.tags[resourceId] ?? []).map((t) => [t.Key, t] as const));
  for (const t of tags)
    current.set(t.Key, t.Value === undefined ? { Key: t.Key } : { Key: t.Key, Value: t.Value });
  if (current.size > MAX_TAGS)
    throw new AwsError('ResourceLimitExceededException', 'Your resource limits have been exceeded.');
  ctx.state.tags[resourceId] = [...current.values()];
  ctx.changed();
  return {};
}

function describeTags(ctx: SimContext, input: Input) {
  const resourceId = input.ResourceId as string;
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
  ...directoryPropertyOperations,
};
