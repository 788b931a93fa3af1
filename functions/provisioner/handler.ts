import type { Context } from 'aws-lambda';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { countingCalls } from '../../src/provisioning/api-calls';
import type { ProvisionerDeps } from '../../src/provisioning/ports';
import { runProvisioner } from '../../src/provisioning/provision';
import { provisionerDeps } from '../production';

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
