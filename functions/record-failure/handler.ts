import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import {
  type FailureInput,
  type RecordFailureDeps,
  recordFailure,
} from '../../src/provisioning/record-failure';
import { recordFailureDeps } from '../production';

/** Step Functions task: every failure of the onboarding workflow ends here. */
export async function handleFailure(event: FailureInput, d: RecordFailureDeps) {
  const result = await recordFailure(d, event);
  log.warn('hire failed', { hireId: event.hireId, error: event.error, ...result });
  return result;
}

export const handler = eventFunction(handleFailure, { deps: recordFailureDeps });
