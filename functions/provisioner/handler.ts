import type { Context } from 'aws-lambda';
import { countingCalls } from '../../src/app/api-calls';
import { provisionerDeps } from '../../src/app/production';
import { type ProvisionerDeps, runProvisioner } from '../../src/app/provision';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** Scheduled every minute, one run at a time (reservedConcurrency 1). */
export async function handleProvisionerRun(
  _event: unknown,
  d: ProvisionerDeps,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) {
  const { result: report, calls } = await countingCalls(d.workspaces, () =>
    runProvisioner(d, () => context.getRemainingTimeInMillis()),
  );
  log.info('provisioner run', { ...report, calls });
  return report;
}

export const handler = eventFunction(handleProvisionerRun, { deps: provisionerDeps });
