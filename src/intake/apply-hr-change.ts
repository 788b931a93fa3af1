import { createHash } from 'node:crypto';
import { reinvite } from '../admin/reinvite';
import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import { chooseBundle } from '../kernel/config/load';
import { adminEmailContext } from '../kernel/email/context';
import { StageConflictError, VersionConflictError } from '../kernel/errors';
import { rescheduledExecutionName } from '../kernel/hire/actions';
import { executionNameFor, type HireInput } from '../kernel/hire/hire';
import type { HireRecord } from '../kernel/hire/record';
import { describeError, log } from '../kernel/log';
import type { FieldUpdate } from '../kernel/table/hires';
import { claimUserName, releaseUserName, userNameTaken } from '../kernel/user-names';
import { readinessDueAt } from '../tracking/schedule';
import { hrRecordOf, provisionAtFor } from './hire-input';
import {
  changedFields,
  changePhase,
  type HrChangePlan,
  type HrField,
  needsReschedule,
  planHrChange,
  SCHEDULE_FIELDS,
} from './hr-change';
import type { AcceptHireDeps, AcceptResult } from './ports';

/**
 * HR sent a known employee again (`employee.updated`, or `employee.hired` with other content): apply the
 * change as the hire's stage allows (src/intake/hr-change.ts). Safe to repeat: the changes are computed
 * against the stored hire each time, so a retry after a crash applies what is still missing and an
 * identical record changes nothing.
 *
 * Order of writes: claim a new user name (nothing stored yet if it is taken: 409) → record the delivery →
 * one conditional write on the hire's version (the fields, a new execution name when the provisioning date
 * moved, the history line) → release the old name → start the new execution, stop the old one → a new
 * email goes through the admin re-invite (it writes the address with the fresh link, then sends).
 */
export interface HrChangeInput {
  hire: HireRecord;
  incoming: HireInput;
  by: string;
  detail: Record<string, unknown>;
  /** Records the delivery (after every refusal, before the first change); false when it is a replay. */
  markDelivered: () => Promise<boolean>;
}

const ATTEMPTS = 3;

export async function applyHrChange(deps: AcceptHireDeps, input: HrChangeInput): Promise<AcceptResult> {
  let hire = input.hire;
  const target = hrRecordOf(deps.config, input.incoming);
  for (let attempt = 1; ; attempt++) {
    const changed = changedFields(hire, target);
    const plan = planHrChange(hire, changed);
    try {
      return await carryOut(deps, input, hire, target, plan);
    } catch (err) {
      // Another step moved the hire between our read and our write: decide again on what it is now.
      if (
        !(err instanceof VersionConflictError || err instanceof StageConflictError) ||
        attempt >= ATTEMPTS
      ) {
        throw err;
      }
      hire = await deps.hires.require(hire.hireId);
    }
  }
}

async function carryOut(
  deps: AcceptHireDeps,
  input: HrChangeInput,
  hire: HireRecord,
  target: ReturnType<typeof hrRecordOf>,
  plan: HrChangePlan,
): Promise<AcceptResult> {
  const { hireId } = hire;
  switch (plan.kind) {
    case 'unchanged': {
      if (!(await input.markDelivered())) return { outcome: 'replayed' };
      // As for any known hire: if an earlier attempt stored it but died before starting, this starts it.
      await deps.workflows.start(hire.executionName, { hireId, provisionAt: hire.provisionAt });
      return { outcome: 'known', hireId, stage: hire.stage, changed: [] };
    }
    case 'finished':
      return {
        outcome: 'conflict',
        hireId,
        stage: hire.stage,
        detail: `the onboarding of employee ${hire.person.employeeId} was cancelled; it takes no more changes`,
      };
    case 'refused': {
      await alertRefused(deps, hire, target, plan.refused, input.by);
      return {
        outcome: 'conflict',
        hireId,
        stage: hire.stage,
        detail: 'the WorkSpace exists already: it belongs to its directory user and cannot move',
        errors: plan.refused.map((field) => ({
          field: `data.${field}`,
          message: `cannot change once the WorkSpace exists (it belongs to ${field === 'userName' ? 'the user' : 'the directory'} it was created for); the admins were told`,
        })),
      };
    }
    case 'apply':
      break;
  }

  const oldClaim = { directoryId: hire.directoryId, userName: hire.person.userName, hireId };
  if (plan.reclaim) {
    const claimed = await claimUserName(deps, {
      ...oldClaim,
      directoryId: target.directoryId,
      userName: target.person.userName,
    });
    if (!claimed.ok) return userNameTaken(hireId);
  }
  if (!(await input.markDelivered())) return { outcome: 'replayed' };

  const now = deps.clock.now();
  // A new email for someone who has an invitation goes through the re-invite below, with its fresh link.
  const person = plan.reinvite ? { ...target.person, email: hire.person.email } : target.person;
  const change: FieldUpdate & { set: Partial<HireRecord> } = {
    stage: hire.stage,
    expectVersion: hire.version,
    set: { person, directoryId: target.directoryId },
  };
  if (plan.rebundle) Object.assign(change.set, chooseBundle(deps.config, target.person));
  const detail: Record<string, unknown> = { fields: plan.changed, ...input.detail };

  const dateMoved = SCHEDULE_FIELDS.some((f) => plan.changed.includes(f));
  const provisionAt = provisionAtFor(deps.config, target, now);
  const reschedule = plan.mayReschedule && needsReschedule(hire.provisionAt, provisionAt, now.getTime());
  let newExecution: string | undefined;
  let backToWaiting = false;
  if (reschedule) {
    const count = (hire.rescheduleCount ?? 0) + 1;
    newExecution = rescheduledExecutionName(executionNameFor(hire.source, hire.person.employeeId), count);
    Object.assign(change.set, { provisionAt, executionName: newExecution, rescheduleCount: count });
    detail.rescheduled = {
      provisionAt: { from: hire.provisionAt, to: provisionAt },
      executionName: { from: hire.executionName, to: newExecution },
    };
    // QUEUED goes back to waiting: the new execution queues the hire again when its date comes.
    backToWaiting = hire.stage === 'QUEUED';
  } else if (dateMoved && hire.stage === 'FAILED' && changePhase(hire) === 'before-workspace') {
    // No execution waits; a retry by an admin waits for this date.
    change.set.provisionAt = provisionAt;
  }
  if (dateMoved) {
    // The readiness check follows the start date (its ledger key names the date, so a moved date is checked anew).
    const readyAt = readinessDueAt(deps.config, target, now);
    change.ready = readyAt ? { at: readyAt } : null;
  }
  change.event = { type: 'hr-updated', by: input.by, detail };

  const { stage: _same, ...fields } = change;
  const updated = backToWaiting
    ? // The queue entry and the old execution's task token go with it.
      await deps.hires.move(hireId, {
        ...fields,
        to: 'RECEIVED',
        from: ['QUEUED'],
        remove: ['taskToken', 'queuedAt'],
        work: null,
      })
    : await deps.hires.update(hireId, change);
  log.info('hr change applied', { hireId, changed: plan.changed, rescheduled: reschedule });

  if (plan.reclaim) await releaseUserName(deps, oldClaim);
  if (newExecution) await replaceExecution(deps, hire, updated, newExecution);
  let stage = updated.stage;
  if (plan.reinvite) {
    const result = await reinvite(deps, { hireId, email: target.person.email, by: input.by });
    stage = result.stage;
  }
  return { outcome: 'updated', hireId, stage, changed: plan.changed };
}

/** Start first, then stop: a crash in between leaves a superseded execution, which the workflow ends quietly. */
async function replaceExecution(deps: AcceptHireDeps, before: HireRecord, after: HireRecord, name: string) {
  await deps.workflows.start(name, { hireId: after.hireId, provisionAt: after.provisionAt });
  try {
    await deps.workflows.stop(
      before.executionName,
      'Rescheduled',
      `HR moved the start date; execution ${name} waits for the new provisioning date instead`,
    );
  } catch (err) {
    // The old execution can no longer act for the hire (it is not the current one): stopping it is tidiness.
    log.warn('hr change: could not stop the replaced execution', {
      hireId: before.hireId,
      executionName: before.executionName,
      error: describeError(err),
    });
  }
}

/** One alert per refused change (the same change sent again does not alert again). */
async function alertRefused(
  deps: AcceptHireDeps,
  hire: HireRecord,
  target: ReturnType<typeof hrRecordOf>,
  refused: HrField[],
  by: string,
) {
  const field = refused[0]!;
  const facts =
    field === 'userName'
      ? { from: hire.person.userName, to: target.person.userName }
      : { from: hire.directoryId, to: target.directoryId };
  const what = field === 'userName' ? 'UserNameChangeRefused' : 'DirectoryChangeRefused';
  const email = await renderAlertEmail('alert-hr', adminEmailContext(deps.config), {
    hire: {
      hireId: hire.hireId,
      employeeId: hire.person.employeeId,
      stage: hire.stage,
      email: hire.person.email,
    },
    what,
    facts,
    ...(hire.workspaceId ? { detail: `WorkSpace ${hire.workspaceId}` } : {}),
  });
  const requested = createHash('sha256')
    .update(`${target.directoryId}\n${target.person.userName.toLowerCase()}`)
    .digest('base64url')
    .slice(0, 16);
  const alerted = await alertAdmins(deps, hire.hireId, `alert-hr#refused#${requested}`, email, {
    record: { type: 'hr-change-refused', stage: hire.stage, by, detail: { fields: refused } },
  });
  log.warn('hr change refused', { hireId: hire.hireId, fields: refused, alerted });
}
