import { createHash } from 'node:crypto';
import type { NewDirectoryUser } from '../kernel/directory-users';
import type { Hire } from '../kernel/hire/hire';
import { endOfLocalDate } from '../kernel/hire/provisioning-date';
import type { HireRecord } from '../kernel/hire/record';
import type { CreateFailure, NewWorkspace, WorkspaceInfo, WorkspaceTag } from '../kernel/hire/workspace';

/** Pure decisions of the provisioner: what a failed create or a polled WorkSpace means for the hire. */
export interface ProvisioningPolicy {
  /** Least wait for a directory account after the first "unknown user", even once the start date has passed. */
  directoryAccountGraceMinutes: number;
  timeoutMinutes: number;
  firstPollAfterMinutes: number;
  pollEveryMinutes: number;
}

/** The tag that says which hire a WorkSpace was made for (set at CreateWorkspaces or on a confirmed adoption). */
export const HIRE_TAG_KEY = 'onboarding:hireId';
const MANAGED_BY_TAG: WorkspaceTag = { key: 'onboarding:managedBy', value: 'workspaces-onboarding' };

/** The tags that make a WorkSpace this hire's: written at creation and on an adoption an admin confirmed. */
export function hireTags(hireId: string): WorkspaceTag[] {
  return [{ key: HIRE_TAG_KEY, value: hireId }, MANAGED_BY_TAG];
}

/**
 * The longest a hire waits for its directory account, counted from when it was queued. RequestWorkspace's
 * TimeoutSeconds in the ASL covers this plus a day of provisioning (test/unit/provisioning.test.ts).
 */
import { DIRECTORY_WAIT_MAX_DAYS } from '../kernel/hire/provisioning-date';

export { DIRECTORY_WAIT_MAX_DAYS } from '../kernel/hire/provisioning-date';

const DAY_MS = 86_400_000;

export type CreateFailureVerdict =
  | { action: 'retry'; retryAt: Date; error: string; cause: string }
  /** The directory account does not exist yet: check again on the next run until `until`. */
  | { action: 'wait-for-account'; since: Date; until: Date; error: string; cause: string }
  | { action: 'fail'; error: string; cause: string };

export type PollVerdict =
  | { action: 'available' }
  | { action: 'wait'; nextPollAt: Date; state: string }
  | { action: 'fail'; error: string; cause: string };

export function isUnknownUserFailure(failure: CreateFailure): boolean {
  const text = `${failure.errorCode ?? ''} ${failure.errorMessage ?? ''}`;
  return /user/i.test(text) && /(not ?found|does ?not ?exist|unknown|invalid)/i.test(text);
}

/** What the provisioner knows about a hire when its create fails. */
export type CreateFailureHire = Pick<HireRecord, 'queuedAt' | 'directoryId' | 'directoryWait'> & {
  person: Pick<HireRecord['person'], 'startDate' | 'timeZone'>;
};

/**
 * The wait of this queueing, if the hire is waiting for its directory account. A wait belongs to one
 * queueing (`queuedAt`): a retry or a rescheduled start queues the hire again and starts a new wait.
 */
export function currentDirectoryWait(
  hire: Pick<HireRecord, 'queuedAt' | 'directoryWait'>,
): HireRecord['directoryWait'] | undefined {
  const wait = hire.directoryWait;
  return wait && wait.queuedAt === (hire.queuedAt ?? '') ? wait : undefined;
}

/**
 * Until when a hire waits for its directory account: until its start date has passed in its time zone,
 * at least the grace period after the first "unknown user" (directory replication lags behind the
 * account's creation, also for a hire whose start date is already behind), and never more than
 * DIRECTORY_WAIT_MAX_DAYS after it was queued (the workflow task waits that long, plus provisioning).
 */
export function directoryWaitUntil(
  hire: Pick<CreateFailureHire, 'queuedAt' | 'person'>,
  since: Date,
  policy: Pick<ProvisioningPolicy, 'directoryAccountGraceMinutes'>,
): Date {
  const startPassed = endOfLocalDate(hire.person.startDate, hire.person.timeZone).getTime();
  const grace = since.getTime() + policy.directoryAccountGraceMinutes * 60_000;
  const queued = Date.parse(hire.queuedAt ?? since.toISOString());
  const cap = queued + DIRECTORY_WAIT_MAX_DAYS * DAY_MS;
  return new Date(Math.min(Math.max(startPassed, grace), cap));
}

export function classifyCreateFailure(
  failure: CreateFailure,
  hire: CreateFailureHire,
  now: Date,
  policy: Pick<ProvisioningPolicy, 'directoryAccountGraceMinutes'>,
): CreateFailureVerdict {
  const cause = `${failure.errorCode ?? 'Unknown'}: ${failure.errorMessage ?? 'CreateWorkspaces refused the request'}`;
  if (isUnknownUserFailure(failure)) {
    const wait = currentDirectoryWait(hire);
    const since = wait ? new Date(wait.since) : now;
    const until = directoryWaitUntil(hire, since, policy);
    if (now.getTime() < until.getTime()) {
      return { action: 'wait-for-account', since, until, error: 'UnknownUser', cause };
    }
    return {
      action: 'fail',
      error: 'UnknownUser',
      cause: `${cause} The user was still missing from directory ${hire.directoryId} at ${until.toISOString()}, after waiting since ${since.toISOString()} (start date ${hire.person.startDate}, ${hire.person.timeZone}).`,
    };
  }
  // The user has one (a create whose answer was lost, or someone else's): the next run asks whose it is.
  if (/exist/i.test(failure.errorCode ?? ''))
    return { action: 'retry', retryAt: now, error: 'WorkspaceExists', cause };
  return { action: 'fail', error: 'CreateWorkspacesFailed', cause };
}

/** A WorkSpace the directory already has for the hire's user, as the provisioner found it. */
export interface ExistingWorkspace {
  workspaceId: string;
  state: string;
  /** The value of its `onboarding:hireId` tag; absent when it has none. */
  taggedHireId?: string;
}

export type ExistingWorkspaceVerdict =
  /** Made for this hire (a create whose answer was lost, or a retry): carry on with it. */
  | { action: 'adopt' }
  /** An admin confirmed this WorkSpace with `adopt`: tag it for this hire, then carry on with it. */
  | { action: 'tag-and-adopt' }
  /** Someone else's, or nobody's: never hand it to this hire unasked. */
  | { action: 'refuse'; error: 'WorkspaceNotOurs'; cause: string };

/**
 * Whether a WorkSpace found for the hire's user may become this hire's. WorkSpaces allows one per user
 * and directory, so this decides between reusing it and stopping with an alert: only our own tag, or an
 * admin's confirmation of exactly this WorkSpace, makes it the hire's.
 */
export function judgeExistingWorkspace(
  found: ExistingWorkspace,
  hire: Pick<HireRecord, 'hireId' | 'directoryId' | 'adoptWorkspaceId'>,
): ExistingWorkspaceVerdict {
  if (found.taggedHireId === hire.hireId) return { action: 'adopt' };
  if (hire.adoptWorkspaceId === found.workspaceId) return { action: 'tag-and-adopt' };
  const tag = found.taggedHireId
    ? `tagged ${HIRE_TAG_KEY}=${found.taggedHireId} (another hire)`
    : `without our ${HIRE_TAG_KEY} tag`;
  return {
    action: 'refuse',
    error: 'WorkspaceNotOurs',
    cause: `WorkSpace ${found.workspaceId} (${found.state}) already exists for the hire's user in directory ${hire.directoryId}, ${tag}. It was not made for this hire, so it was not given to it.`,
  };
}

// AWS API reference (Workspace.State): UNHEALTHY "is not responding to health checks", IMPAIRED "refer to
// UNHEALTHY". A WorkSpace can recover from either, so while provisioning they are waited on like PENDING,
// never taken for AVAILABLE, and never past the timeout.
const UNHEALTHY_STATES = new Set(['IMPAIRED', 'UNHEALTHY']);

export function classifyWorkspace(
  workspace: WorkspaceInfo | undefined,
  hire: Pick<HireRecord, 'provisioningStartedAt' | 'workspaceId'>,
  now: Date,
  policy: Pick<ProvisioningPolicy, 'timeoutMinutes' | 'pollEveryMinutes'>,
): PollVerdict {
  if (!workspace) {
    return {
      action: 'fail',
      error: 'WorkspaceMissing',
      cause: `WorkSpace ${hire.workspaceId} no longer exists`,
    };
  }
  const state = workspace.state ?? 'PENDING';
  switch (state) {
    case 'AVAILABLE':
    case 'STOPPED':
    case 'STARTING':
    case 'REBOOTING':
      // AUTO_STOP WorkSpaces may already be stopped: they start when the user connects.
      return { action: 'available' };
    case 'ERROR':
    case 'TERMINATING':
    case 'TERMINATED':
    case 'SUSPENDED':
      return {
        action: 'fail',
        error: 'WorkspaceError',
        cause: `WorkSpace ${hire.workspaceId} is ${state}${workspace.errorCode ? ` (${workspace.errorCode}: ${workspace.errorMessage ?? ''})` : ''}`,
      };
    default: {
      const started = Date.parse(hire.provisioningStartedAt ?? now.toISOString());
      if (now.getTime() - started > policy.timeoutMinutes * 60_000) {
        const after = `${policy.timeoutMinutes} minutes after it was requested`;
        return UNHEALTHY_STATES.has(state)
          ? {
              action: 'fail',
              error: 'WorkspaceUnhealthy',
              cause: `WorkSpace ${hire.workspaceId} is ${state} (not responding to WorkSpaces health checks) ${after}`,
            }
          : {
              action: 'fail',
              error: 'ProvisioningTimeout',
              cause: `WorkSpace ${hire.workspaceId} is still ${state} ${after}`,
            };
      }
      return {
        action: 'wait',
        nextPollAt: new Date(now.getTime() + policy.pollEveryMinutes * 60_000),
        state,
      };
    }
  }
}

/** True when these tags say the WorkSpace was made for this hire. */
export function isTaggedFor(tags: readonly WorkspaceTag[], hireId: string): boolean {
  return tags.some((t) => t.key === HIRE_TAG_KEY && t.value === hireId);
}

/** The hire a WorkSpace's tags name, if any. */
export function taggedHireIdOf(tags: readonly WorkspaceTag[]): string | undefined {
  return tags.find((t) => t.key === HIRE_TAG_KEY)?.value;
}

/**
 * The CreateWorkspaces entry for a hire. Every value comes from checked input (config schema, webhook
 * contract), which is at least as strict as the WorkSpaces model: directory and bundle ids, user names of
 * at most 20 characters, AUTO_STOP or ALWAYS_ON without an AutoStop time, PCOIP or WSP, two short tags.
 */
export function workspaceRequest(
  hire: Pick<HireRecord, 'hireId' | 'directoryId' | 'bundleId' | 'runningMode' | 'protocol'> & {
    person: Pick<HireRecord['person'], 'userName'>;
  },
): NewWorkspace {
  return {
    directoryId: hire.directoryId,
    userName: hire.person.userName,
    bundleId: hire.bundleId,
    runningMode: hire.runningMode,
    protocol: hire.protocol,
    tags: hireTags(hire.hireId),
  };
}

/**
 * CreateUser's client token for a hire's account: one per hire and queueing, so every attempt of the same
 * creation carries the same token. A SHA-256 in hex (64 characters) fits the model's ClientToken (1–128
 * ASCII characters) whatever the hire id holds, and names nobody.
 */
export function accountClientToken(hire: Pick<HireRecord, 'hireId' | 'queuedAt'>): string {
  return createHash('sha256')
    .update(`directory-account\n${hire.hireId}\n${hire.queuedAt ?? ''}`)
    .digest('hex');
}

// Directory Service Data's limits (botocore ds-data 2023-05-31: GivenName, Surname 1–64, EmailAddress 1–256).
const NAME_MAX = 64;
const EMAIL_MAX = 256;

/**
 * The account to create for a person: their user name, and their given name, family name and email where
 * they fit Directory Service Data's limits (a longer value is left out rather than cut: an account without a
 * display name still signs in).
 */
export function newDirectoryUser(
  person: Pick<Hire, 'userName' | 'givenName' | 'familyName' | 'email'>,
): NewDirectoryUser {
  const fits = (value: string | undefined, max: number) =>
    value !== undefined && value.length >= 1 && value.length <= max;
  return {
    userName: person.userName,
    ...(fits(person.givenName, NAME_MAX) ? { givenName: person.givenName } : {}),
    ...(fits(person.familyName, NAME_MAX) ? { surname: person.familyName } : {}),
    ...(fits(person.email, EMAIL_MAX) ? { email: person.email } : {}),
  };
}
