import { createWorkspacesApi } from '../../src/adapters/workspaces';
import { requiredEnv } from '../../src/app/env';
import { productionMailer, productionStore, productionTracking } from '../../src/app/production';
import { type SendInvitationDeps, sendInvitation } from '../../src/app/send-invitation';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { log } from '../../src/log';

/** Step Functions task: the hire's WorkSpace is AVAILABLE; send the invitation once. */
let productionDeps: SendInvitationDeps | undefined;
function deps(): SendInvitationDeps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return {
      config,
      clock: systemClock,
      store,
      tracking: productionTracking(),
      mailer: productionMailer(config, store),
      workspaces: createWorkspacesApi({ budget: config.provisioning.apiBudget }),
      publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
    };
  })();
  return productionDeps;
}

export async function handler(event: Parameters<typeof sendInvitation>[1]) {
  const result = await sendInvitation(deps(), event);
  log.info('invitation', { hireId: event.hireId, ...result });
  return result;
}
