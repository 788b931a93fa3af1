import { productionMailer, productionStore } from '../../src/app/production';
import { type FailureInput, type RecordFailureDeps, recordFailure } from '../../src/app/record-failure';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { log } from '../../src/log';

/** Step Functions task: every failure of the onboarding workflow ends here. */
let productionDeps: RecordFailureDeps | undefined;
function deps(): RecordFailureDeps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return { config, clock: systemClock, store, mailer: productionMailer(config, store) };
  })();
  return productionDeps;
}

export async function handler(event: FailureInput) {
  const result = await recordFailure(deps(), event);
  log.warn('hire failed', { hireId: event.hireId, error: event.error, ...result });
  return result;
}
