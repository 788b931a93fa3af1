import type { ChatNotifier } from '../kernel/alerts/chat-notifier';
import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import type { Mailer } from '../kernel/email/mailer';
import type { TableStores } from '../kernel/table/stores';
import type { Workflows } from '../kernel/workflows';
import type { WorkspacesApi, WorkspacesRegions } from '../kernel/workspaces-api';

/**
 * What the admin use cases need, together; each one names the part it uses (`Pick<AdminDeps, ...>`). The
 * handler gets the production set from functions/production.ts, once per cold start.
 */
export interface AdminDeps
  extends Pick<
    TableStores,
    'hires' | 'history' | 'ledger' | 'setupTokens' | 'userNames' | 'stageIndex' | 'watchIndex'
  > {
  workflows: Workflows;
  mailer: Mailer;
  /** The chat channels of the admin alerts, when configured. */
  chat?: ChatNotifier;
  workspaces: WorkspacesRegions<Pick<WorkspacesApi, 'describeByIds' | 'describeDirectory'>>;
  clock: Clock;
  config: OnboardingConfig;
  publicBaseUrl: string;
  /** The AWS Region of a directory's WorkSpaces (a re-invitation links its allowlist page). */
  regionOf: (directoryId: string) => string;
  /** Waits before looking again at a concurrent attempt; a timer unless a test passes its own. */
  pause?: (ms: number) => Promise<void>;
}

/** Who asked: an IAM principal ARN on AWS, `token:<name>` where a bearer token is used. Goes in the history. */
export type Actor = string;
