import { recordFailureDeps } from '../../src/app/production';
import { type FailureInput, type RecordFailureDeps, recordFailure } from '../../src/app/record-failure';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** Step Functions task: every failure of the onboarding workflow ends here. */
export async function handleFailure(event: FailureInput, d: RecordFailureDeps) {
  const result = await recordFailure(d, event);
  log.warn('hire failed', { hireId: event.hireId, error: event.error, ...result });
  return result;
}

export const handler = eventFunction(handleFailure, { deps: recordFailureDeps });
