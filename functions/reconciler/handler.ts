import type { Context } from 'aws-lambda';
import { createWorkflows } from '../../src/adapters/stepfunctions';
import { requiredEnv } from '../../src/app/env';
import { productionMailer, productionStore } from '../../src/app/production';
import { type ReconcileDeps, runReconciler } from '../../src/app/reconcile';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { log } from '../../src/log';

/** Scheduled every 10 minutes: drives on the hires whose stage has not moved in time (src/app/reconcile.ts). */
let productionDeps: ReconcileDeps | undefined;
function deps(): ReconcileDeps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return {
      config,
      clock: systemClock,
      store,
      mailer: productionMailer(config, store),
      workflows: createWorkflows({ stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
    };
  })();
  return productionDeps;
}

export async function handler(_event: unknown, context: Context) {
  const report = await runReconciler(deps(), () => context.getRemainingTimeInMillis());
  log.info('reconciler run', { ...report });
  return report;
}
