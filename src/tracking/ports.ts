/** The ports of the reminder run: what it reads and writes, and what it reports. */

import type { ChatNotifier } from '../kernel/alerts/chat-notifier';
import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import type { Mailer } from '../kernel/email/mailer';
import type { HireStore } from '../kernel/table/hires';
import type { DueIndex } from '../kernel/table/indexes';
import type { SetupTokens } from '../kernel/table/setup-tokens';
import type { WorkspaceOwners } from '../kernel/table/workspace-owners';
import type { WorkspacesApi, WorkspacesRegions } from '../kernel/workspaces-api';
import type { ReadinessDeps, ReadinessRunReport } from './readiness-check';

export interface ReminderDeps extends ReadinessDeps {
  hires: Pick<HireStore, 'get' | 'move' | 'update'>;
  setupTokens: Pick<SetupTokens, 'put'>;
  dueIndex: DueIndex;
  workspaceOwners: Pick<WorkspaceOwners, 'find'>;
  mailer: Mailer;
  /** The chat channels of the admin alerts, when configured. */
  chat?: ChatNotifier;
  workspaces: WorkspacesRegions<Pick<WorkspacesApi, 'describeConnectionStatus' | 'describeDirectory'>>;
  clock: Clock;
  config: OnboardingConfig;
  publicBaseUrl: string;
  /** The AWS Region of a directory's WorkSpaces: the network section links that Region's allowlist page. */
  regionOf: (directoryId: string) => string;
}

export interface ReminderReport {
  due: number;
  /** Index items read: with a sparse index this stays at about one per due hire. */
  itemsRead: number;
  activated: number;
  reminded: number;
  escalated: number;
  rescheduled: number;
  /** Hires taken off the index (no longer waiting for the person). */
  released: number;
  /** Another run holds the hire's email claim right now; the next run looks again. */
  busy: number;
  failed: number;
  stoppedEarly: boolean;
  /** Readiness checks to managers sent, skipped or failed in this run (after the connection checks). */
  readiness: ReadinessRunReport;
}

/**
 * Directory Service, for the hosted password setup (Simple AD and Managed AD): ResetUserPassword sets the
 * password the person chose. SDK errors become domain errors; the password never appears in either. Only
 * an answer in the 4xx range is a refusal (nothing changed); no answer, a given-up call or a 5xx leaves
 * it unknown whether the password was set (PasswordResetUnconfirmedError).
 */
export interface DirectoryApi {
  /** `signal` gives up on the call (the caller's deadline). */
  resetPassword(input: {
    directoryId: string;
    userName: string;
    password: string;
    signal?: AbortSignal;
  }): Promise<void>;
}
