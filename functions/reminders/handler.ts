import type { Context } from 'aws-lambda';
import { createWorkspacesApi } from '../../src/adapters/workspaces';
import { requiredEnv } from '../../src/app/env';
import { productionMailer, productionStore, productionTracking } from '../../src/app/production';
import { type ReminderDeps, runReminders } from '../../src/app/run-reminders';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { log } from '../../src/log';

/** Scheduled: reminds the hires that are due, escalates those out of reminders. Safe to run twice at once. */
let productionDeps: (ReminderDeps & { workspaces: ReturnType<typeof createWorkspacesApi> }) | undefined;
function deps() {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return {
      config,
      clock: systemClock,
      store,
      tracking: productionTracking(),
      mailer: productionMailer(config, store),
      // Same budget and pacing as the provisioner: the WorkSpaces API rate is shared by the account.
      workspaces: createWorkspacesApi({ budget: config.provisioning.apiBudget }),
      publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
    };
  })();
  return productionDeps;
}

export async function handler(_event: unknown, context: Context) {
  const d = deps();
  const before = d.workspaces.calls();
  const report = await runReminders(d, () => context.getRemainingTimeInMillis());
  const after = d.workspaces.calls();
  const calls = Object.fromEntries(Object.entries(after).map(([op, n]) => [op, n - (before[op] ?? 0)]));
  log.info('reminder run', { ...report, calls });
  return { ...report, calls };
}
