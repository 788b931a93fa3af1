/**
 * The ports of provisioning: the WorkSpaces API (paced, per Region) and the onboarding workflow. The use cases
 * of every capability take these types; the adapters in ./adapters implement them on the AWS SDK.
 */

import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import type { Mailer } from '../kernel/email/mailer';
import type {
  ConnectionStatus,
  CreateFailure,
  DirectoryInfo,
  NewWorkspace,
  WorkspaceInfo,
  WorkspaceRefusal,
  WorkspaceTag,
} from '../kernel/hire/workspace';
import type { HireStore } from '../kernel/table/hires';
import type { WorkQueue } from '../kernel/table/indexes';

/** The most WorkSpace ids (or new WorkSpaces) one WorkSpaces call takes. */
export const MAX_IDS_PER_CALL = 25;

/**
 * The WorkSpaces API, always spent through one token bucket: the account's budget (2 req/s, bursts of 5)
 * is shared with other tools, so we pace ourselves instead of relying on throttling and retries.
 */
export interface WorkspacesApi {
  createWorkspaces(requests: NewWorkspace[]): Promise<{ pending: WorkspaceInfo[]; failed: CreateFailure[] }>;
  describeByIds(ids: string[]): Promise<WorkspaceInfo[]>;
  listDirectoryWorkspaces(directoryId: string): Promise<WorkspaceInfo[]>;
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

/** Starting onboarding executions and resuming their paused tasks. */
export interface Workflows {
  /** Idempotent: the same name and input start one execution; an existing one is fine. */
  start(name: string, input: unknown): Promise<{ started: boolean }>;
  /** False when the task is gone (finished, timed out, or the token replaced): nothing left to resume. */
  resume(taskToken: string, output: unknown): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
  /** Stops the named execution; false when there is none (never started). A finished one stays as it was. */
  stop(name: string, error: string, cause: string): Promise<boolean>;
  /** Status, input, and the error and cause of an execution that did not succeed; undefined when unknown. */
  describe(executionArn: string): Promise<ExecutionDescription | undefined>;
  /** The same for this state machine's execution `name`. */
  describeNamed(name: string): Promise<ExecutionDescription | undefined>;
}

export interface ExecutionDescription {
  status: string;
  input?: string;
  error?: string;
  cause?: string;
}

/** What a provisioner run needs. */
export interface ProvisionerDeps {
  hires: Pick<HireStore, 'move' | 'update'>;
  workQueue: WorkQueue;
  /** One API (client and token bucket) per Region: each Region's calls spend its own budget. */
  workspaces: WorkspacesRegions & Pick<WorkspacesApi, 'calls'>;
  workflows: Workflows;
  mailer: Mailer;
  clock: Clock;
  config: OnboardingConfig;
  /** The AWS Region a directory is in (named in the alert asking for a directory account). */
  regionOf: (directoryId: string) => string;
  /** Directory listings kept across runs: directory id → when listed and the WorkSpace per user. */
  listings: Map<string, DirectoryListing>;
}

export interface DirectoryListing {
  listedAtMs: number;
  byUser: Map<string, ListedWorkspace>;
}

/** A WorkSpace of a directory listing; `tags` is unknown until a queued hire needs it (DescribeTags). */
export interface ListedWorkspace {
  workspaceId: string;
  state: string;
  tags?: { taggedHireId?: string | undefined };
}
