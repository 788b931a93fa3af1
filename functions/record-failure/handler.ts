import { recordFailureDeps } from '../../src/app/production';
import { type FailureInput, type RecordFailureDeps, recordFailure } from '../../src/app/record-failure';
import { log } from '../../src/log';

/** Step Functions task: every failure of the onboarding workflow ends here. */
let productionDeps: RecordFailureDeps | undefined;
function deps(): RecordFailureDeps {
  productionDeps ??= recordFailureDeps();
  return productionDeps;
}

export async function handler(event: FailureInput) {
  const result = await recordFailure(deps(), event);
  log.warn('hire failed', { hireId: event.hireId, error: event.error, ...result });
  return result;
}
