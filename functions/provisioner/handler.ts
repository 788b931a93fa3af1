import type { Context } from 'aws-lambda';
import { createWorkspacesApi } from '../../src/adapters/workspaces';
import { countingCalls } from '../../src/app/api-calls';
import { requiredEnv } from '../../src/app/env';
import { productionCore, productionWorkflows } from '../../src/app/production';
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

export function productionDeps(): ProvisionerDeps {
  const core = productionCore();
  return {
    ...core,
    region: requiredEnv('AWS_REGION'),
    // One bucket per container: with reserved concurrency 1 there is one container at a time.
    workspaces: createWorkspacesApi({ budget: core.config.provisioning.apiBudget }),
    workflows: productionWorkflows(),
    listings: new Map(),
  };
}

export const handler = eventFunction(handleProvisionerRun, { deps: productionDeps });
