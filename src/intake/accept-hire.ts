import { createHash } from 'node:crypto';
import { chooseBundle } from '../kernel/config/load';
import { DuplicateError } from '../kernel/errors';
import { executionNameFor, type HireInput, hireIdFor } from '../kernel/hire/hire';
import type { HireRecord } from '../kernel/hire/record';
import { funnel } from '../kernel/metrics';
import { claimUserName, userNameTaken } from '../kernel/user-names';
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
 * Nothing is written before every refusal is decided: the delivery record comes after the user-name claim,
 * so a corrected retry with the same webhook-id is not mistaken for a replay.
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
  // A sender's retry repeats the same bytes; the same id on other content is a replay, not a retry.
  // Two reads that do not depend on each other: one round trip.
  const [earlier, existing] = await Promise.all([
    deps.deliveries.get(delivery.webhookId),
    findHire(deps.hires, source, employeeId),
  ]);
  const hireId = existing?.hireId ?? hireIdFor(source, employeeId);
  if (earlier && earlier.bodyHash !== bodyHash) return { outcome: 'replayed' };
  const markDelivered = async () => {
    const nowSeconds = Math.floor(deps.clock.nowMs() / 1000);
    const seen = await deps.deliveries.record(
      { webhookId: delivery.webhookId, bodyHash, hireId },
      nowSeconds + DELIVERY_TTL_SECONDS,
    );
    return !seen || seen.bodyHash === bodyHash;
  };
  const by = delivery.by ?? 'hr';

  if (parsed.kind === 'cancel') {
    if (!existing) return { outcome: 'ignored', type: 'employee.hire_cancelled', reason: 'unknown employee' };
    // Cancels and changes are the rare deliveries and the only ones that render email: loaded on first use,
    // the email code and message catalogs stay out of the webhook's cold start (docs/decisions.md, "Cold start").
    const { cancelFromHr } = await import('./hr-cancel');
    return cancelFromHr(deps, { hire: existing, by, markDelivered });
  }
  const detail = { webhookId: delivery.webhookId, ...delivery.detail };
  if (existing) {
    const { applyHrChange } = await import('./apply-hr-change');
    const result = await applyHrChange(deps, {
      hire: existing,
      incoming: parsed.hire,
      by,
      detail,
      markDelivered,
    });
    // The same delivery again (a retry after a 503 or a lost answer): its start made, answered as accepted.
    return earlier && result.outcome === 'known' ? { ...result, repeated: true } : result;
  }
  // An update for someone never hired through us (an existing employee): not ours to onboard.
  if (parsed.type === HIRE_UPDATED_TYPE) {
    return { outcome: 'ignored', type: HIRE_UPDATED_TYPE, reason: 'unknown employee' };
  }

  const record = {
    ...newHireRecord(deps, source, hireId, parsed.hire),
    ...(delivery.wave ? { wave: delivery.wave } : {}),
  };
  const claimed = await claimUserName(deps, {
    directoryId: record.directoryId,
    userName: record.person.userName,
    hireId,
  });
  if (!claimed.ok) return userNameTaken(hireId);
  if (!(await markDelivered())) return { outcome: 'replayed' };
  try {
    const readyAt = readinessDueAt(deps.config, record, deps.clock.now());
    await deps.hires.create(record, readyAt ? { readyAt } : {});
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
    // Created meanwhile by a concurrent delivery for the same employee: what is left is a change, or nothing.
    const hire = await deps.hires.require(hireId);
    const { applyHrChange } = await import('./apply-hr-change');
    return applyHrChange(deps, { hire, incoming: parsed.hire, by, detail, markDelivered });
  }
  // The history line and the start do not depend on each other: one round trip instead of two. A start
  // refused (WorkflowThrottledError: 503) is thrown once the line is written; the stored hire is started
  // by the sender's retry or the reconciler.
  const settled = await Promise.allSettled([
    deps.history.append(hireId, {
      type: 'received',
      stage: record.stage,
      ...(delivery.by ? { by: delivery.by } : {}),
      detail,
    }),
    deps.workflows.start(record.executionName, { hireId, provisionAt: record.provisionAt }),
  ]);
  for (const step of settled) if (step.status === 'rejected') throw step.reason;
  funnel.hireAccepted();
  return { outcome: 'accepted', hireId, stage: record.stage };
}

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
