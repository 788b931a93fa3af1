import { HireNotFoundError } from '../kernel/errors';
import { assertResumable } from '../kernel/hire/actions';
import { type ReconcileDeps, type RecoveryResult, recoverHire } from '../provisioning/reconcile';
import type { Actor } from './deps';

/**
 * `admin resume <employeeId>`: what the scheduled reconciler does, now, for one hire an admin sees stuck in
 * RECEIVED, QUEUED or PROVISIONING (a missing execution is started, a missing queue entry put back, an
 * execution that ended without it becomes FAILED with one alert). Recorded in the history with who asked,
 * also when there was nothing to do.
 */
export async function resumeHire(
  deps: ReconcileDeps,
  input: { hireId: string; by: Actor },
): Promise<RecoveryResult> {
  const hire = await deps.hires.get(input.hireId);
  if (!hire) throw new HireNotFoundError(input.hireId);
  assertResumable(hire);
  return recoverHire(deps, input.hireId, { by: input.by, recordAlive: true });
}
