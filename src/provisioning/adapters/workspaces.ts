import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  ResourceNotFoundException,
  TerminateWorkspacesCommand,
  type WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { type Clock, systemClock } from '../../kernel/clock';
import { WorkspaceTagsError } from '../../kernel/errors';
import type { ConnectionStatus, WorkspaceInfo } from '../../kernel/hire/workspace';
import { createTokenBucket, type TokenBucket } from '../../kernel/token-bucket';
import { MAX_IDS_PER_CALL, type RegionalWorkspaces, type WorkspacesApi } from '../../kernel/workspaces-api';
import { cachedDirectory } from './directory-cache';
import { pacedCalls } from './paced-calls';
import { sharedClient, WITHIN_DEADLINE } from './workspaces-clients';
import { fromDirectory, fromFailure, fromWorkspaces, toTag, toWorkspaceRequest } from './workspaces-mapping';

/** WorkSpaces in every Region of the configured directories: one client and one token bucket per Region. */
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

// CreateTags errors of the API reference that another attempt would not change.
const REFUSED_TAGS = new Set([
  'ResourceNotFoundException',
  'ResourceLimitExceededException',
  'InvalidParameterValuesException',
]);

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
  const { call, calls } = pacedCalls(bucket);

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
    describeDirectory(directoryId, opts = {}) {
      const { signal } = opts;
      return cachedDirectory(`${deps.region ?? ''}#${directoryId}`, clock.nowMs(), signal !== undefined, () =>
        call(
          'DescribeWorkspaceDirectories',
          () =>
            client.send(
              new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }),
              signal ? { abortSignal: signal } : {},
            ),
          signal,
        ).then((out) => fromDirectory(out.Directories?.[0])),
      );
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
    calls,
  };
}
