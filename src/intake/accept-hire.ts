import { createHash } from 'node:crypto';
import { chooseBundle } from '../kernel/config/load';
import { executionNameFor, type HireInput, hireIdFor, storedHireIdsFor } from '../kernel/hire/hire';
import type { HireRecord } from '../kernel/hire/record';
import { funnel } from '../kernel/metrics';
import type { NewHire } from '../kernel/table/new-hires';
import { takeOverDeadClaims, userNameTaken } from '../kernel/user-names';
import { readinessDueAt } from '../tracking/schedule';
import { hireParseOptions, hrRecordOf, provisionAtFor } from './hire-input';
import { findHire } from './hire-lookup';
import { HIRE_UPDATED_TYPE } from './hr-event';
import { parseHrEvent } from './hr-event-schema';
import type { AcceptHireDeps, AcceptResult } from './ports';

const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A verified webhook delivery (or a row of a wave import): a new hire becomes one hire and one workflow
 * execution, however often it arrives; a known employee sent again is an HR change (apply-hr-change.ts);
 * `employee.hire_cancelled` cancels (hr-cancel.ts). The hire item is the source of truth; the execution
 * name is derived from it, so StartExecution is idempotent and a retry after a crash finishes the job.
 *
 * A new hire is one transaction (acceptNewHire): refused, it writes nothing, so a corrected retry with the
 * same webhook-id is not mistaken for a replay.
 */
export async function acceptHire(
  deps: AcceptHireDeps,
  delivery: {
    webhookId: string;
    rawBody: Buffer;
    body: unknown;
    /** Who sent it, when not the HR system (an admin importing a wave); recorded in the history. */
    by?: string;
    /** The HR source (hire ids `<source>-<employee id>`); config.hrSource unless a preset adapter says. */
    source?: string;
    detail?: Record<string, unknown>;
    /** The import wave of a new hire (a wave import's `--wave`); a known employee keeps theirs. */
    wave?: string;
  },
): Promise<AcceptResult> {
  const parsed = parseHrEvent(delivery.body, hireParseOptions(deps.config, deps.clock.now()));
  if (parsed.kind === 'invalid') return { outcome: 'invalid', errors: parsed.errors };
  if (parsed.kind === 'ignored') return { outcome: 'ignored', type: parsed.type };

  const source = delivery.source ?? deps.config.hrSource;
  const employeeId = parsed.kind === 'cancel' ? parsed.employeeId : parsed.hire.employeeId;
  const bodyHash = createHash('sha256').update(delivery.rawBody).digest('base64url');
  const by = delivery.by ?? 'hr';
  const detail = { webhookId: delivery.webhookId, ...delivery.detail };
  // Records the delivery before an HR change or cancel writes; false when the id came with other content.
  // The same id with the same content is the sender's retry (after a 503 or a lost answer).
  let repeated = false;
  const markDelivered = (hireId: string) => async () => {
    const seen = await deps.deliveries.record(
      { webhookId: delivery.webhookId, bodyHash, hireId },
      deliveryExpiry(deps),
    );
    if (seen?.bodyHash === bodyHash) repeated = true;
    return !seen || seen.bodyHash === bodyHash;
  };
  // A retry of a delivery whose hire is known and unchanged: its start made again, answered as accepted.
  const answered = (result: AcceptResult): AcceptResult =>
    repeated && result.outcome === 'known' ? { ...result, repeated: true } : result;

  if (parsed.kind === 'hire' && parsed.type !== HIRE_UPDATED_TYPE) {
    return answered(
      await acceptNewHire(deps, {
        delivery,
        source,
        bodyHash,
        by,
        detail,
        incoming: parsed.hire,
        markDelivered,
      }),
    );
  }
  // A cancel or an update (the rare deliveries): read first. A sender's retry repeats the same bytes; the
  // same id on other content is a replay, not a retry. Two reads that do not depend on each other.
  const [earlier, existing] = await Promise.all([
    deps.deliveries.get(delivery.webhookId),
    findHire(deps.hires, source, employeeId),
  ]);
  if (earlier && earlier.bodyHash !== bodyHash) return { outcome: 'replayed' };
  if (!existing) {
    // An update for someone never hired through us (an existing employee): not ours to onboard.
    const type = parsed.kind === 'cancel' ? 'employee.hire_cancelled' : HIRE_UPDATED_TYPE;
    return { outcome: 'ignored', type, reason: 'unknown employee' };
  }
  if (parsed.kind === 'cancel') {
    // Cancels and changes are the rare deliveries and the only ones that render email: loaded on first use,
    // the email code and message catalogs stay out of the webhook's cold start (docs/decisions.md, "Cold start").
    const { cancelFromHr } = await import('./hr-cancel');
    return cancelFromHr(deps, { hire: existing, by, markDelivered: markDelivered(existing.hireId) });
  }
  const { applyHrChange } = await import('./apply-hr-change');
  return answered(
    await applyHrChange(deps, {
      hire: existing,
      incoming: parsed.hire,
      by,
      detail,
      markDelivered: markDelivered(existing.hireId),
    }),
  );
}

/** How many times a new hire is written again after a dead claim on its user name was taken over. */
const CLAIM_ATTEMPTS = 3;

/**
 * `employee.hired`: one conditional write of the delivery, the user-name claim, the hire and its first
 * history line (deps.newHires), then the workflow's start. Nothing is read unless the write is refused,
 * and the refusal carries what is in the way: the webhook id seen with other content (a replay), the
 * employee's hire (a retry or a change: apply-hr-change), or another hire's claim on the user name (409
 * while that hire holds it; a dead claim is taken over and the write tried again).
 */
async function acceptNewHire(
  deps: AcceptHireDeps,
  input: {
    delivery: Parameters<typeof acceptHire>[1];
    source: string;
    bodyHash: string;
    by: string;
    detail: Record<string, unknown>;
    incoming: HireInput;
    markDelivered: (hireId: string) => () => Promise<boolean>;
  },
): Promise<AcceptResult> {
  const { delivery, source, incoming } = input;
  const hireId = hireIdFor(source, incoming.employeeId);
  const record = {
    ...newHireRecord(deps, source, hireId, incoming),
    ...(delivery.wave ? { wave: delivery.wave } : {}),
  };
  const readyAt = readinessDueAt(deps.config, record, deps.clock.now());
  const hire: NewHire = {
    record,
    ...(readyAt ? { readyAt } : {}),
    delivery: { webhookId: delivery.webhookId, bodyHash: input.bodyHash },
    deliveryExpiresAtSeconds: deliveryExpiry(deps),
    event: { type: 'received', ...(delivery.by ? { by: delivery.by } : {}), detail: input.detail },
    otherHireIds: storedHireIdsFor(source, incoming.employeeId).filter((id) => id !== hireId),
  };
  for (let attempt = 1; ; attempt++) {
    const written = await deps.newHires.create(hire);
    if (written.created) break;
    const { refused } = written;
    if (refused.delivery) return { outcome: 'replayed' };
    if (refused.hire) {
      // Known already (a retry, HR sending the person again, or a concurrent delivery that won).
      const { applyHrChange } = await import('./apply-hr-change');
      return applyHrChange(deps, {
        hire: refused.hire,
        incoming,
        by: input.by,
        detail: input.detail,
        markDelivered: input.markDelivered(refused.hire.hireId),
      });
    }
    const claim = { directoryId: record.directoryId, userName: record.person.userName, hireId };
    if (attempt >= CLAIM_ATTEMPTS || !(await takeOverDeadClaims(deps, claim, refused))) {
      return userNameTaken(hireId);
    }
    hire.olderClaimsJudged = true;
  }
  // The start depends only on the hire's write; StartExecution is idempotent by name. A start refused
  // (WorkflowThrottledError: 503) leaves the stored hire to the sender's retry or the reconciler.
  await deps.workflows.start(record.executionName, { hireId, provisionAt: record.provisionAt });
  funnel.hireAccepted();
  return { outcome: 'accepted', hireId, stage: record.stage };
}

const deliveryExpiry = (deps: Pick<AcceptHireDeps, 'clock'>) =>
  Math.floor(deps.clock.nowMs() / 1000) + DELIVERY_TTL_SECONDS;

function newHireRecord(deps: AcceptHireDeps, source: string, hireId: string, input: HireInput): HireRecord {
  const { config, clock } = deps;
  const { person, directoryId } = hrRecordOf(config, input);
  const bundle = chooseBundle(config, person);
  const now = clock.now();
  return {
    hireId,
    source,
    stage: 'RECEIVED',
    version: 1,
    person,
    directoryId,
    bundleId: bundle.bundleId,
    protocol: bundle.protocol,
    runningMode: config.runningMode,
    provisionAt: provisionAtFor(config, { person, directoryId }, now),
    executionName: executionNameFor(source, input.employeeId),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
