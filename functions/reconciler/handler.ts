import type { Context } from 'aws-lambda';
import { reconcilerDeps } from '../../src/app/production';
import { type ReconcileDeps, runReconciler } from '../../src/app/reconcile';
import { log } from '../../src/log';

/** Scheduled every 10 minutes: drives on the hires whose stage has not moved in time (src/app/reconcile.ts). */
let productionDeps: ReconcileDeps | undefined;
function deps(): ReconcileDeps {
  productionDeps ??= reconcilerDeps();
  return productionDeps;
}

export async function handler(_event: unknown, context: Context) {
  const report = await runReconciler(deps(), () => context.getRemainingTimeInMillis());
  log.info('reconciler run', { ...report });
  return report;
}
