import type { WatchPolicy } from '../hire/watched-stages';
import { createWebhookDeliveries, type Delivery, type WebhookDeliveries } from './deliveries';
import { createEmailLedger, type EmailClaim, type EmailLedger, type LedgerEntry } from './email-ledger';
import {
  createHireStore,
  type FieldUpdate,
  type HireStore,
  type HireWithIndexes,
  type StageMove,
} from './hires';
import { createHireHistory, type HireHistory } from './history';
import {
  createDueIndex,
  createReadyIndex,
  createStageIndex,
  createWatchIndex,
  createWorkQueue,
  type DueIndex,
  type HirePage,
  type ReadyIndex,
  type StageIndex,
  type StageQuery,
  type WatchIndex,
  type WorkQueue,
} from './indexes';
import {
  createNewHires,
  type NewHire,
  type NewHireOutcome,
  type NewHireRefusal,
  type NewHires,
} from './new-hires';
import { createSetupTokens, type SetupClaim, type SetupTokens } from './setup-tokens';
import type { TableDeps } from './table';
import {
  type ClaimRequest,
  createUserNameClaims,
  type UserNameClaimResult,
  type UserNameClaims,
} from './user-name-claims';
import { createWorkspaceOwners, type WorkspaceOwners } from './workspace-owners';

export type {
  ClaimRequest,
  Delivery,
  DueIndex,
  EmailClaim,
  EmailLedger,
  FieldUpdate,
  HireHistory,
  HirePage,
  HireStore,
  HireWithIndexes,
  LedgerEntry,
  NewHire,
  NewHireOutcome,
  NewHireRefusal,
  NewHires,
  ReadyIndex,
  SetupClaim,
  SetupTokens,
  StageIndex,
  StageMove,
  StageQuery,
  UserNameClaimResult,
  UserNameClaims,
  WatchIndex,
  WebhookDeliveries,
  WorkQueue,
  WorkspaceOwners,
};

/**
 * Every store of the one DynamoDB table, one per item kind (table-keys.ts draws the layout). A use case
 * names only the stores it uses in its deps; a handler gets them all from functions/production.ts.
 */
export interface TableStores {
  hires: HireStore;
  history: HireHistory;
  ledger: EmailLedger;
  deliveries: WebhookDeliveries;
  newHires: NewHires;
  userNames: UserNameClaims;
  setupTokens: SetupTokens;
  workspaceOwners: WorkspaceOwners;
  workQueue: WorkQueue;
  dueIndex: DueIndex;
  readyIndex: ReadyIndex;
  watchIndex: WatchIndex;
  stageIndex: StageIndex;
}

export function createTableStores(deps: TableDeps & { watch?: WatchPolicy }): TableStores {
  const history = createHireHistory(deps);
  return {
    hires: createHireStore({ ...deps, history }),
    history,
    ledger: createEmailLedger(deps),
    deliveries: createWebhookDeliveries(deps),
    newHires: createNewHires(deps),
    userNames: createUserNameClaims(deps),
    setupTokens: createSetupTokens(deps),
    workspaceOwners: createWorkspaceOwners(deps),
    workQueue: createWorkQueue(deps),
    dueIndex: createDueIndex(deps),
    readyIndex: createReadyIndex(deps),
    watchIndex: createWatchIndex(deps),
    stageIndex: createStageIndex(deps),
  };
}
