import type { Context } from 'aws-lambda';
import { provisionerDeps } from '../../src/app/production';
import { type ProvisionerDeps, runProvisioner } from '../../src/app/provision';
import { log } from '../../src/log';

/** Scheduled every minute, one run at a time (reservedConcurrency 1). */
let productionDeps: ProvisionerDeps | undefined;
function deps(): ProvisionerDeps {
  productionDeps ??= provisionerDeps();
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
