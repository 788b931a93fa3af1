/**
 * The WorkSpaces API port, which provisioning, invitations, tracking, intake and admin take; the adapter in
 * src/provisioning/adapters/workspaces.ts implements it on the AWS SDK.
 */
import type {
  ConnectionStatus,
  CreateFailure,
  DirectoryInfo,
  NewWorkspace,
  WorkspaceInfo,
  WorkspaceRefusal,
  WorkspaceTag,
} from './hire/workspace';

/** The most WorkSpace ids (or new WorkSpaces) one WorkSpaces call takes. */
export const MAX_IDS_PER_CALL = 25;

/**
 * The WorkSpaces API, always spent through one token bucket: the account's budget (2 req/s, bursts of 5)
 * is shared with other tools, so we pace ourselves instead of relying on throttling and retries.
 */
export interface WorkspacesApi {
  createWorkspaces(requests: NewWorkspace[]): Promise<{ pending: WorkspaceInfo[]; failed: CreateFailure[] }>;
  describeByIds(ids: string[]): Promise<WorkspaceInfo[]>;
  /** `signal` gives up on the call (a caller with its own deadline); a lookup in the cache is answered. */
  describeDirectory(directoryId: string, opts?: { signal?: AbortSignal }): Promise<DirectoryInfo | undefined>;
  /** The tags of one WorkSpace (one call each); undefined when it no longer exists. */
  describeTags(workspaceId: string): Promise<WorkspaceTag[] | undefined>;
  /** Adds or overwrites tags of one WorkSpace; WorkspaceTagsError when WorkSpaces refuses them. */
  createTags(workspaceId: string, tags: WorkspaceTag[]): Promise<void>;
  /** Connection status of these WorkSpaces, 25 IDs a call (the fallback when a login event was missed). */
  describeConnectionStatus(ids: string[]): Promise<ConnectionStatus[]>;
  /** The WorkSpace of a user in a directory (at most one exists), if any. */
  findUserWorkspace(directoryId: string, userName: string): Promise<WorkspaceInfo | undefined>;
  /** Terminates one WorkSpace (asynchronous on AWS); the refusal when WorkSpaces reports one. */
  terminate(workspaceId: string): Promise<WorkspaceRefusal | undefined>;
  calls(): Record<string, number>;
}

/**
 * WorkSpaces in every Region the configured directories are in. The API and its rate limit are per account
 * and Region, so each Region has its own client and token bucket; a directory's calls go to its Region.
 * `forDirectory` returns the same API object for every directory of one Region, so callers can batch
 * WorkSpace ids of one Region together.
 */
export interface WorkspacesRegions<Api = WorkspacesApi> {
  forDirectory(directoryId: string): Api;
}

export interface RegionalWorkspaces extends WorkspacesRegions {
  /** Calls made so far, summed over the Regions, per operation. */
  calls(): Record<string, number>;
  /** Calls made so far per Region and operation. */
  callsByRegion(): Record<string, Record<string, number>>;
}
