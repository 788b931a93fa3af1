import type { Hire } from './hire';
import type { SignIn } from './sign-in';
import type { Stage } from './stages';

/** What the product keeps about one hire: one DynamoDB item, changed only by conditional writes. */
export interface HireRecord {
  hireId: string;
  source: string;
  /** The import wave the hire came in with (`import --wave`, default the file's name); absent from HR webhooks. */
  wave?: string;
  stage: Stage;
  /** Incremented by every write, so a reader can tell two snapshots apart. */
  version: number;
  person: Hire;
  directoryId: string;
  bundleId: string;
  protocol: 'PCOIP' | 'WSP';
  runningMode: string;
  /** ISO time the workflow waits for before it queues the hire. */
  provisionAt: string;
  executionName: string;
  createdAt: string;
  updatedAt: string;
  /** The paused workflow task the provisioner resumes. */
  taskToken?: string;
  queuedAt?: string;
  /** Set just before CreateWorkspaces: a hire with this but no workspaceId may have one already. */
  createRequestedAt?: string;
  workspaceId?: string;
  provisioningStartedAt?: string;
  /**
   * Set while the directory has no account for the user yet: the provisioner tries again on every run
   * until `until` (the start date has passed), then fails the hire. Belongs to the queueing at `queuedAt`.
   */
  directoryWait?: { queuedAt: string; since: string; until: string; alertedAt?: string };
  /** A WorkSpace of the user that is not tagged for this hire: the hire FAILED on it and waits for `adopt`. */
  foreignWorkspace?: { workspaceId: string; state: string; taggedHireId?: string; foundAt: string };
  /** The foreign WorkSpace an admin confirmed with `adopt`: the provisioner tags it for this hire and adopts it. */
  adoptWorkspaceId?: string;
  /** The WorkSpace state last polled while provisioning, when it was not PENDING (IMPAIRED, UNHEALTHY, ...). */
  workspaceState?: string;
  nextPollAt?: string;
  invitedAt?: string;
  /** The first invitation that went out (re-invites move `invitedAt` only): the report's time to invitation. */
  firstInvitedAt?: string;
  /**
   * Hash of the one setup token that works now (the pointer): the newest invitation or password reminder
   * moves it, so older links stop working; they stay stored and explain that a newer email was sent.
   */
  setupTokenHash?: string;
  setupTokenExpiresAt?: string;
  /** When and to which address the email with the pointer's link went (the "newer email" page). */
  setupLinkSentAt?: string;
  setupLinkTo?: string;
  invitationCount?: number;
  /** The address invitation number `invitationCount` went to (set with `invitedAt`, once it went out). */
  invitedTo?: string;
  failureCount?: number;
  /** Times an admin sent a FAILED hire through provisioning again (names the new execution `-r<n>`). */
  retryCount?: number;
  /** Times HR moved the provisioning date of a waiting hire (names the new execution `-s<n>`). */
  rescheduleCount?: number;
  cancelledAt?: string;
  /** HR cancelled the hire and its WorkSpace, never used, was terminated (onCancel.terminateUnusedWorkspace). */
  workspaceTerminatedAt?: string;
  lastError?: { error: string; cause?: string; at: string };
  /** Reminders sent for invitation number `invitation`; a newer invitation starts again at 0. */
  reminders?: { invitation: number; sent: number; lastAt?: string };
  passwordSetAt?: string;
  /** First successful login seen (EventBridge event or the connection-status fallback). */
  activeAt?: string;
  escalatedAt?: string;
  /**
   * When the last bounce or complaint of an email to the person revoked every setup link the hire had
   * (src/kernel/hire/setup-access.ts); links stored later (a re-invite) work.
   */
  setupLinksRevokedAt?: string;
  /** How the directory signed people in when the last invitation went out: the setup page's fallback. */
  signIn?: SignIn;
  /** The last bounce or complaint of an email to the person. */
  bounce?: { type: 'Bounce' | 'Complaint'; reason: string; address: string; at: string; emailKind?: string };
}

/** One line of a hire's history (kept as separate items so the hire item stays small). */
export interface HireEvent {
  at: string;
  type: string;
  stage?: Stage;
  by?: string;
  detail?: Record<string, unknown>;
}

/** What the report reads of a hire item (the stage index Query's ProjectionExpression). */
export interface ReportHire {
  employeeId: string;
  stage: Stage;
  source: string;
  wave?: string;
  createdAt: string;
  updatedAt: string;
  /** The first invitation that went out; older items have only `invitedAt` (the latest one). */
  firstInvitedAt?: string;
  invitedAt?: string;
  activeAt?: string;
  /** When the reconciler expects the stage to have moved (watched stages only, src/kernel/hire/watched-stages.ts). */
  watchAt?: string;
  escalatedAt?: string;
  bounceType?: 'Bounce' | 'Complaint';
  lastError?: string;
  /** A WorkSpace of the user not made for this hire: the hire FAILED on it and waits for `adopt`. */
  foreignWorkspace?: boolean;
  /** The hire's WorkSpace, its streaming protocol, and when HR's cancel terminated it. */
  workspaceId?: string;
  protocol?: string;
  workspaceTerminatedAt?: string;
}
