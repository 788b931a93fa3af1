import { documentClient } from '../../src/adapters/dynamo-client';
import { createHireStore } from '../../src/adapters/hire-store';
import { createMailer } from '../../src/adapters/mailer';
import { requiredEnv } from '../../src/app/env';
import { type FailureInput, type RecordFailureDeps, recordFailure } from '../../src/app/record-failure';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { log } from '../../src/log';

/** Step Functions task: every failure of the onboarding workflow ends here. */
let productionDeps: RecordFailureDeps | undefined;
function deps(): RecordFailureDeps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = createHireStore({
      client: documentClient(),
      tableName: requiredEnv('TABLE_NAME'),
      now: systemClock.now,
    });
    return {
      config,
      clock: systemClock,
      store,
      mailer: createMailer({
        store,
        from: config.email.from,
        replyTo: config.email.replyTo,
        configurationSet: config.email.configurationSet,
      }),
    };
  })();
  return productionDeps;
}

export async function handler(event: FailureInput) {
  const result = await recordFailure(deps(), event);
  log.warn('hire failed', { hireId: event.hireId, error: event.error, ...result });
  return result;
}
