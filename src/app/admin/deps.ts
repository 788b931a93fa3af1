import type { HireStore } from '../../adapters/hire-store';
import type { Mailer } from '../../adapters/mailer';
import type { Workflows } from '../../adapters/stepfunctions';
import type { WorkspacesApi } from '../../adapters/workspaces';
import type { Clock } from '../../clock';
import type { OnboardingConfig } from '../../config/load';

/** What the admin use cases need; the handler builds the production set once per cold start. */
export interface AdminDeps {
  store: HireStore;
  workflows: Workflows;
  mailer: Mailer;
  workspaces: Pick<WorkspacesApi, 'describeByIds' | 'describeDirectory'>;
  clock: Clock;
  config: OnboardingConfig;
  publicBaseUrl: string;
  /** Waits before looking again at a concurrent attempt; a timer unless a test passes its own. */
  pause?: (ms: number) => Promise<void>;
}

/** Who asked: an IAM principal ARN on AWS, `token:<name>` where a bearer token is used. Goes in the history. */
export type Actor = string;
