import type { Context } from 'aws-lambda';
import { createWorkflows } from '../../src/adapters/stepfunctions';
import { createWorkspacesApi } from '../../src/adapters/workspaces';
import { requiredEnv } from '../../src/app/env';
import { productionMailer, productionStore } from '../../src/app/production';
import { type ProvisionerDeps, runProvisioner } from '../../src/app/provision';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { log } from '../../src/log';

/** Scheduled every minute, one run at a time (reservedConcurrency 1). */
let productionDeps: ProvisionerDeps | undefined;
function deps(): ProvisionerDeps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return {
      config,
      clock: systemClock,
      store,
      // Alerts that cannot wait for a workflow step: a directory account to create.
      mailer: productionMailer(config, store),
      region: requiredEnv('AWS_REGION'),
      // One bucket per container: with reserved concurrency 1 there is one container at a time.
      workspaces: createWorkspacesApi({ budget: config.provisioning.apiBudget }),
      workflows: createWorkflows({ stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
      listings: new Map(),
    };
  })();
  return productionDeps;
}

export async function handler(_event: unknown, context: Context) {
  const d = deps();
  const before = d.workspaces.calls();
  const report = await runProvisioner(d, () => context.getRemainingTimeInMillis());
  const after = d.workspaces.calls();
  const calls = Object.fromEntries(Object.entries(after).map(([op, n]) => [op, n - (before[op] ?? 0)]));
  log.info('provisioner run', { ...report, calls });
  return report;
}
