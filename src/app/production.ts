import { documentClient } from '../adapters/dynamo-client';
import { createHireStore, type HireStore } from '../adapters/hire-store';
import { createMailer, type Mailer } from '../adapters/mailer';
import { createWorkflows, type Workflows } from '../adapters/stepfunctions';
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
 * What every function that records a stage change and may alert the admins starts from: the configuration,
 * the clock, the hire table and the mailer. The handlers add their own ports to it; src/middleware/deps.ts
 * builds the result once per cold start.
 */
export function productionCore(): {
  config: OnboardingConfig;
  clock: typeof systemClock;
  store: HireStore;
  mailer: Mailer;
} {
  const config = loadConfig();
  const store = productionStore();
  return { config, clock: systemClock, store, mailer: productionMailer(config, store) };
}

/** This stage's onboarding state machine (STATE_MACHINE_ARN, built in serverless.yml). */
export function productionWorkflows(): Workflows {
  return createWorkflows({ stateMachineArn: requiredEnv('STATE_MACHINE_ARN') });
}

/**
 * Everything a function that emails hires needs (the invitation, the reminder run). The WorkSpaces calls
 * are paced at the same budget as the provisioner's: the API rate is shared by the account.
 */
export function productionHireMessaging() {
  const core = productionCore();
  return {
    ...core,
    tracking: productionTracking(),
    workspaces: createWorkspacesApi({ budget: core.config.provisioning.apiBudget }),
    publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
  };
}
