import { documentClient } from '../adapters/dynamo-client';
import { createHireStore, type HireStore } from '../adapters/hire-store';
import { createMailer, type Mailer } from '../adapters/mailer';
import { createTrackingStore, type TrackingStore } from '../adapters/tracking-store';
import { createWorkspacesApi } from '../adapters/workspaces';
import { systemClock } from '../clock';
import { loadConfig, type OnboardingConfig } from '../config/load';
import { requiredEnv } from './env';

/** The production adapters the handlers share, built once per cold start. */
export function productionStore(): HireStore {
  return createHireStore({
    client: documentClient(),
    tableName: requiredEnv('TABLE_NAME'),
    now: systemClock.now,
    // When the reconciler expects a PROVISIONING hire to have moved on (src/domain/watch.ts).
    watch: { provisioningTimeoutMinutes: loadConfig().provisioning.timeoutMinutes },
  });
}

export function productionMailer(config: OnboardingConfig, store: HireStore): Mailer {
  return createMailer({
    store,
    from: config.email.from,
    replyTo: config.email.replyTo,
    // A deployment resource (stage-scoped in serverless.yml), so its name comes with the deployment.
    configurationSet: requiredEnv('SES_CONFIGURATION_SET'),
  });
}

export function productionTracking(): TrackingStore {
  return createTrackingStore({
    client: documentClient(),
    tableName: requiredEnv('TABLE_NAME'),
    now: systemClock.now,
  });
}

/**
 * Everything a function that emails hires needs (the invitation, the reminder run). The WorkSpaces calls
 * are paced at the same budget as the provisioner's: the API rate is shared by the account.
 */
export function productionHireMessaging() {
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
}
