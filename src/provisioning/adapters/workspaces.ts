import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  type FailedCreateWorkspaceRequest,
  ResourceNotFoundException,
  type RunningMode,
  type Tag,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type Workspace,
  type WorkspaceAccessProperties,
  type WorkspaceDirectory,
  type WorkspaceRequest,
} from '@aws-sdk/client-workspaces';
import { type Clock, systemClock } from '../../kernel/clock';
import { WorkspaceTagsError } from '../../kernel/errors';
import { DEVICE_TYPES, type DeviceType } from '../../kernel/hire/sign-in';
import type {
  ConnectionStatus,
  CreateFailure,
  DirectoryInfo,
  NewWorkspace,
  WorkspaceInfo,
  WorkspaceTag,
} from '../../kernel/hire/workspace';
import { createTokenBucket, type TokenBucket } from '../../kernel/token-bucket';
import { MAX_IDS_PER_CALL, type RegionalWorkspaces, type WorkspacesApi } from '../ports';

export function createRegionalWorkspaces(deps: {
  budget: { ratePerSecond: number; burst: number };
  regionOf: (directoryId: string) => string;
  /**
   * A few quick tries per call, for a caller with its own deadline and a fallback (the setup page): a
   * passing throttle is retried, and the caller's deadline, not the SDK's back-off, bounds the wait.
   */
  withinDeadline?: boolean;
}): RegionalWorkspaces {
  const apis = new Map<string, WorkspacesApi>();
  const inRegion = (region: string) => {
    let api = apis.get(region);
    if (!api) {
      const client = deps.withinDeadline ? sharedClient(region, WITHIN_DEADLINE) : undefined;
      api = createWorkspacesApi({ budget: deps.budget, region, ...(client ? { client } : {}) });
      apis.set(region, api);
    }
    return api;
  };
  const callsByRegion = () => Object.fromEntries([...apis].map(([region, api]) => [region, api.calls()]));
  return {
    forDirectory: (directoryId) => inRegion(deps.regionOf(directoryId)),
    callsByRegion,
    calls() {
      const sum: Record<string, number> = {};
      for (const calls of Object.values(callsByRegion())) {
        for (const [op, n] of Object.entries(calls)) sum[op] = (sum[op] ?? 0) + n;
      }
      return sum;
    },
  };
}

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

const toTag = (tag: WorkspaceTag): Tag => ({ Key: tag.key, Value: tag.value });

function fromWorkspaces(found: Workspace[] | undefined): WorkspaceInfo[] {
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

function fromFailure(failure: FailedCreateWorkspaceRequest): CreateFailure {
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

// CreateTags errors of the API reference that another attempt would not change.
const REFUSED_TAGS = new Set([
  'ResourceNotFoundException',
  'ResourceLimitExceededException',
  'InvalidParameterValuesException',
]);

/**
 * How long a directory lookup is reused. The registration code never changes, but how people sign in does
 * (an administrator turns SAML 2.0 on): a change reaches the invitations sent a minute later, at the cost
 * of one DescribeWorkspaceDirectories per directory and minute in a busy container.
 */
export const DIRECTORY_CACHE_MS = 60_000;
// One client per Region and retry rule for the container's lifetime ('' is the deployment's own Region).
const sharedClients = new Map<string, WorkSpacesClient>();
// Adaptive retries slow down further when throttled by someone else's traffic.
const RETRIED = { maxAttempts: 8, retryMode: 'adaptive' } as const;
// Three tries with the standard mode's jittered back-off, and no client-side rate limiter delaying them
// (the adaptive mode has one): the caller's deadline cuts whatever is left.
const WITHIN_DEADLINE = { maxAttempts: 3, retryMode: 'standard' } as const;
// Promises, not answers: invocations that start together share one call instead of each making their own.
const directoryCache = new Map<string, { at: number; lookup: Promise<DirectoryInfo | undefined> }>();

function forget(key: string, lookup: Promise<DirectoryInfo | undefined>) {
  if (directoryCache.get(key)?.lookup === lookup) directoryCache.delete(key);
}

function sharedClient(
  region: string | undefined,
  retries: typeof RETRIED | typeof WITHIN_DEADLINE = RETRIED,
): WorkSpacesClient {
  const key = `${region ?? ''}#${retries.maxAttempts}`;
  let client = sharedClients.get(key);
  if (!client) {
    client = new WorkSpacesClient({ ...retries, ...(region ? { region } : {}) });
    sharedClients.set(key, client);
  }
  return client;
}

/** The WorkSpaces API of one Region (the deployment's own when `region` is not given). */
export function createWorkspacesApi(deps: {
  budget: { ratePerSecond: number; burst: number };
  region?: string;
  client?: WorkSpacesClient;
  bucket?: TokenBucket;
  clock?: Clock;
}): WorkspacesApi {
  const clock = deps.clock ?? systemClock;
  const client = deps.client ?? sharedClient(deps.region);
  const bucket = deps.bucket ?? createTokenBucket(deps.budget);
  const counts: Record<string, number> = {};
  const call = async <T>(name: string, send: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    await bucket.take();
    // A caller that gave up while waiting for the budget spends none of it.
    signal?.throwIfAborted();
    counts[name] = (counts[name] ?? 0) + 1;
    return send();
  };

  return {
    async createWorkspaces(requests) {
      if (requests.length < 1 || requests.length > MAX_IDS_PER_CALL) {
        throw new RangeError(`CreateWorkspaces takes 1 to 25 requests, got ${requests.length}`);
      }
      const out = await call('CreateWorkspaces', () =>
        client.send(new CreateWorkspacesCommand({ Workspaces: requests.map(toWorkspaceRequest) })),
      );
      return {
        pending: fromWorkspaces(out.PendingRequests),
        failed: (out.FailedRequests ?? []).map(fromFailure),
      };
    },
    async describeByIds(ids) {
      const found: WorkspaceInfo[] = [];
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) {
        const out = await call('DescribeWorkspaces', () =>
          client.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(i, i + MAX_IDS_PER_CALL) })),
        );
        found.push(...fromWorkspaces(out.Workspaces));
      }
      return found;
    },
    async listDirectoryWorkspaces(directoryId) {
      const found: WorkspaceInfo[] = [];
      let NextToken: string | undefined;
      do {
        const out = await call('DescribeWorkspaces', () =>
          client.send(
            new DescribeWorkspacesCommand({ DirectoryId: directoryId, Limit: MAX_IDS_PER_CALL, NextToken }),
          ),
        );
        found.push(...fromWorkspaces(out.Workspaces));
        NextToken = out.NextToken;
      } while (NextToken);
      return found;
    },
    describeDirectory(directoryId, opts = {}) {
      const key = `${deps.region ?? ''}#${directoryId}`;
      const cached = directoryCache.get(key);
      const now = clock.nowMs();
      if (cached && now - cached.at < DIRECTORY_CACHE_MS) return cached.lookup;
      const { signal } = opts;
      const lookup = call(
        'DescribeWorkspaceDirectories',
        () =>
          client.send(
            new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }),
            signal ? { abortSignal: signal } : {},
          ),
        signal,
      ).then((out) => fromDirectory(out.Directories?.[0]));
      if (signal) {
        // Shared only once answered: a lookup its caller may give up on is no one else's to wait for.
        lookup.then(
          (directory) => directory && directoryCache.set(key, { at: now, lookup }),
          () => undefined,
        );
        return lookup;
      }
      lookup.then(
        (directory) => directory || forget(key, lookup),
        () => forget(key, lookup),
      );
      directoryCache.set(key, { at: now, lookup });
      return lookup;
    },
    async describeTags(workspaceId) {
      try {
        const out = await call('DescribeTags', () =>
          client.send(new DescribeTagsCommand({ ResourceId: workspaceId })),
        );
        return (out.TagList ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
      } catch (err) {
        if (err instanceof ResourceNotFoundException) return undefined;
        throw err;
      }
    },
    async createTags(workspaceId, tags) {
      try {
        await call('CreateTags', () =>
          client.send(new CreateTagsCommand({ ResourceId: workspaceId, Tags: tags.map(toTag) })),
        );
      } catch (err) {
        // Throttling and 5xx are retried by the client; what is left is WorkSpaces saying no.
        const name = (err as { name?: string }).name ?? '';
        if (REFUSED_TAGS.has(name)) {
          throw new WorkspaceTagsError(`WorkSpaces refused to tag ${workspaceId}: ${name}`, { cause: err });
        }
        throw err;
      }
    },
    async describeConnectionStatus(ids) {
      const found: ConnectionStatus[] = [];
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) {
        let NextToken: string | undefined;
        do {
          const out = await call('DescribeWorkspacesConnectionStatus', () =>
            client.send(
              new DescribeWorkspacesConnectionStatusCommand({
                WorkspaceIds: ids.slice(i, i + MAX_IDS_PER_CALL),
                NextToken,
              }),
            ),
          );
          for (const status of out.WorkspacesConnectionStatus ?? []) {
            if (!status.WorkspaceId) continue;
            const at = status.LastKnownUserConnectionTimestamp;
            found.push({ workspaceId: status.WorkspaceId, ...(at ? { lastConnectedAt: new Date(at) } : {}) });
          }
          NextToken = out.NextToken;
        } while (NextToken);
      }
      return found;
    },
    async findUserWorkspace(directoryId, userName) {
      const out = await call('DescribeWorkspaces', () =>
        client.send(new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName })),
      );
      return fromWorkspaces(out.Workspaces).find(
        (ws) => ws.state !== 'TERMINATED' && ws.state !== 'TERMINATING',
      );
    },
    async terminate(workspaceId) {
      const out = await call('TerminateWorkspaces', () =>
        client.send(
          new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: workspaceId }] }),
        ),
      );
      const failed = out.FailedRequests?.[0];
      if (!failed) return undefined;
      return {
        ...(failed.ErrorCode !== undefined ? { errorCode: failed.ErrorCode } : {}),
        ...(failed.ErrorMessage !== undefined ? { errorMessage: failed.ErrorMessage } : {}),
      };
    },
    calls: () => ({ ...counts }),
  };
}
