/**
 * What the provisioner takes. The WorkSpaces API and workflow ports it shares with other capabilities are in
 * the kernel (src/kernel/workspaces-api.ts, src/kernel/workflows.ts); ./adapters implements them.
 */

import type { ChatNotifier } from '../kernel/alerts/chat-notifier';
import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import type { DataAccessStatus, DirectoryUsers } from '../kernel/directory-users';
import type { Mailer } from '../kernel/email/mailer';
import type { HireStore } from '../kernel/table/hires';
import type { WorkQueue } from '../kernel/table/indexes';
import type { Workflows } from '../kernel/workflows';
import type { WorkspacesApi, WorkspacesRegions } from '../kernel/workspaces-api';

/** What a provisioner run needs. */
export interface ProvisionerDeps {
  hires: Pick<HireStore, 'move' | 'update'>;
  workQueue: WorkQueue;
  /** One API (client and token bucket) per Region: each Region's calls spend its own budget. */
  workspaces: WorkspacesRegions & Pick<WorkspacesApi, 'calls'>;
  workflows: Workflows;
  mailer: Mailer;
  /** The chat channels of the admin alerts, when configured. */
  chat?: ChatNotifier;
  clock: Clock;
  config: OnboardingConfig;
  /** The AWS Region a directory is in (named in the alert asking for a directory account). */
  regionOf: (directoryId: string) => string;
  /** Directory accounts, for the directories with `createUsers` (absent: the product creates none). */
  directoryUsers?: DirectoryUsers;
  /** Directory Service Data's status per directory, kept across runs (./directory-accounts.ts). */
  dataAccess?: Map<string, { status: DataAccessStatus; atMs: number }>;
}

/** A user's WorkSpace as the provisioner found it; `tags` is unknown until asked (DescribeTags). */
export interface FoundWorkspace {
  workspaceId: string;
  state: string;
  tags?: { taggedHireId?: string | undefined };
}
