import { createHash } from 'node:crypto';
import type { HireStore } from '../adapters/hire-store';
import type { Workflows } from '../adapters/stepfunctions';
import type { Clock } from '../clock';
import { chooseBundle, defaultDirectory, type OnboardingConfig } from '../config/load';
import { DuplicateError, type FieldError } from '../domain/errors';
import {
  applyHireDefaults,
  executionNameFor,
  type HireInput,
  hireIdFor,
  parseHireEvent,
} from '../domain/hire';
import type { HireRecord } from '../domain/hire-record';
import { provisioningTime } from '../domain/provisioning-date';
import type { Stage } from '../domain/stages';

/**
 * A verified webhook delivery becomes one hire and one workflow execution, however often it arrives.
 * The hire item is the source of truth; the execution name is derived from it, so StartExecution is
 * idempotent and a retry after a crash simply finishes the job.
 */
export type AcceptResult =
  | { outcome: 'accepted'; hireId: string; stage: Stage }
  | { outcome: 'known'; hireId: string; stage: Stage }
  | { outcome: 'ignored'; type: string }
  | { outcome: 'invalid'; errors: FieldError[] }
  | { outcome: 'replayed' };

export interface AcceptHireDeps {
  store: HireStore;
  workflows: Workflows;
  clock: Clock;
  config: OnboardingConfig;
}

const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;

export async function acceptHire(
  deps: AcceptHireDeps,
  delivery: {
    webhookId: string;
    rawBody: Buffer;
    body: unknown;
    /** Who sent it, when not the HR system (an admin importing a wave); recorded in the history. */
    by?: string;
    detail?: Record<string, unknown>;
  },
): Promise<AcceptResult> {
  const parsed = parseHireEvent(delivery.body, {
    supportedLocales: deps.config.locales,
    now: deps.clock.now(),
    defaultTimeZone: deps.config.defaults.timeZone,
  });
  if (parsed.kind === 'invalid') return { outcome: 'invalid', errors: parsed.errors };
  if (parsed.kind === 'ignored') return { outcome: 'ignored', type: parsed.type };

  const source = deps.config.hrSource;
  const hireId = hireIdFor(source, parsed.hire.employeeId);
  const bodyHash = createHash('sha256').update(delivery.rawBody).digest('base64url');
  const nowSeconds = Math.floor(deps.clock.nowMs() / 1000);
  const earlier = await deps.store.recordDelivery(
    { webhookId: delivery.webhookId, bodyHash, hireId },
    nowSeconds + DELIVERY_TTL_SECONDS,
  );
  // A sender's retry repeats the same bytes; the same id on other content is a replay, not a retry.
  if (earlier && earlier.bodyHash !== bodyHash) return { outcome: 'replayed' };

  const record = newHireRecord(deps, source, hireId, parsed.hire);
  let hire = record;
  let created = true;
  try {
    await deps.store.create(record);
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
    created = false;
    hire = await deps.store.require(hireId);
  }
  // Also for a known hire: if an earlier attempt stored it but died before starting, this starts it.
  // The history line and the start do not depend on each other: one round trip instead of two.
  await Promise.all([
    created
      ? deps.store.appendEvent(hireId, {
          type: 'received',
          stage: record.stage,
          ...(delivery.by ? { by: delivery.by } : {}),
          detail: { webhookId: delivery.webhookId, ...delivery.detail },
        })
      : undefined,
    deps.workflows.start(hire.executionName, { hireId, provisionAt: hire.provisionAt }),
  ]);
  return created
    ? { outcome: 'accepted', hireId, stage: hire.stage }
    : { outcome: 'known', hireId, stage: hire.stage };
}

function newHireRecord(deps: AcceptHireDeps, source: string, hireId: string, input: HireInput): HireRecord {
  const { config, clock } = deps;
  const person = applyHireDefaults(input, config);
  const directory = defaultDirectory(config);
  const bundle = chooseBundle(config, person);
  const now = clock.now();
  const provisionAt = provisioningTime({
    startDate: person.startDate,
    timeZone: person.timeZone,
    leadDays: config.provisioning.leadDays,
    now,
  });
  return {
    hireId,
    source,
    stage: 'RECEIVED',
    version: 1,
    person,
    directoryId: directory.id,
    bundleId: bundle.bundleId,
    protocol: bundle.protocol,
    runningMode: config.runningMode,
    // Whole seconds: Step Functions timestamps and a repeated StartExecution must see identical input.
    provisionAt: new Date(Math.floor(provisionAt.getTime() / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z'),
    executionName: executionNameFor(source, input.employeeId),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
