import type { Context } from 'aws-lambda';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { type ReconcileDeps, runReconciler } from '../../src/provisioning/reconcile';
import { reconcilerDeps } from '../production';

/** Scheduled every 10 minutes: drives on the hires whose stage has not moved in time (src/provisioning/reconcile.ts). */
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
