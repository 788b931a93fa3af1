/**
 * The ports of intake (what accepting a hire needs) and what it answers: the webhook, the HR presets and the
 * wave import take these; production wiring and tests provide them.
 */
import type { AdminDeps } from '../admin/deps';
import type { Clock } from '../kernel/clock';
import type { HrSourceConfig } from '../kernel/config/config';
import type { OnboardingConfig } from '../kernel/config/load';
import type { FieldError } from '../kernel/errors';
import type { HrField } from '../kernel/hire/hire';
import type { Stage } from '../kernel/hire/stages';
import type { WebhookDeliveries } from '../kernel/table/deliveries';
import type { NewHires } from '../kernel/table/new-hires';
import type { Workflows } from '../kernel/workflows';
import type { WorkspacesApi, WorkspacesRegions } from '../kernel/workspaces-api';

export type AcceptResult =
  | { outcome: 'accepted'; hireId: string; stage: Stage }
  /**
   * Known employee, nothing changed (a plain retry or an identical resend); `repeated` when the same
   * delivery (webhook-id and body) was received before: a sender's retry, answered as accepted.
   */
  | { outcome: 'known'; hireId: string; stage: Stage; changed: HrField[]; repeated?: boolean }
  | { outcome: 'updated'; hireId: string; stage: Stage; changed: HrField[] }
  | { outcome: 'cancelled'; hireId: string; stage: Stage; workspace?: CancelledWorkspace }
  | { outcome: 'ignored'; type: string; reason?: string }
  | { outcome: 'invalid'; errors: FieldError[] }
  /** Refused, nothing stored: a user name held by another hire, a change the stage does not allow. */
  | { outcome: 'conflict'; hireId: string; detail: string; stage?: Stage; errors?: FieldError[] }
  | { outcome: 'replayed' };

export interface CancelledWorkspace {
  workspaceId: string;
  action: 'terminated' | 'kept';
  reason?: KeptReason;
}

/** The webhook's needs: the admin ones (an HR email change re-invites) and the WorkSpace calls of a cancel. */
export interface AcceptHireDeps extends AdminDeps {
  workspaces: WorkspacesRegions<
    Pick<
      WorkspacesApi,
      | 'describeByIds'
      | 'describeDirectory'
      | 'describeConnectionStatus'
      | 'describeTags'
      | 'findUserWorkspace'
      | 'terminate'
    >
  >;
  deliveries: WebhookDeliveries;
  newHires: NewHires;
  workflows: Workflows;
  clock: Clock;
  config: OnboardingConfig;
}

/** Why a WorkSpace stays: someone used it, we did not make it, WorkSpaces refused, or the config says keep. */
export type KeptReason = 'used' | 'foreign' | 'refused' | 'off';

/** What a preset adapter's notification needs besides the webhook's: the vendor's API. */
export interface VendorHireDeps extends AcceptHireDeps {
  hrApi: {
    /** The source's API base URL and credentials (SSM on AWS, cached; the environment locally). */
    connection(source: HrSourceConfig): Promise<{ baseUrl: string; credentials: string }>;
    fetch: typeof fetch;
  };
}
