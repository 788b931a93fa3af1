import type { Context } from 'aws-lambda';
import { reconcilerDeps } from '../../src/app/production';
import { type ReconcileDeps, runReconciler } from '../../src/app/reconcile';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** Scheduled every 10 minutes: drives on the hires whose stage has not moved in time (src/app/reconcile.ts). */
export async function handleReconcilerRun(
  _event: unknown,
  d: ReconcileDeps,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) {
  const report = await runReconciler(d, () => context.getRemainingTimeInMillis());
  log.info('reconciler run', { ...report });
  return report;
}

export const handler = eventFunction(handleReconcilerRun, { deps: reconcilerDeps });
