import { documentClient } from '../adapters/dynamo-client';
import { createHireStore, type HireStore } from '../adapters/hire-store';
import { createMailer, type Mailer } from '../adapters/mailer';
import { createTrackingStore, type TrackingStore } from '../adapters/tracking-store';
import { systemClock } from '../clock';
import type { OnboardingConfig } from '../config/load';
import { requiredEnv } from './env';

/** The production adapters the handlers share, built once per cold start. */
export function productionStore(): HireStore {
  return createHireStore({
    client: documentClient(),
    tableName: requiredEnv('TABLE_NAME'),
    now: systemClock.now,
  });
}

export function productionMailer(config: OnboardingConfig, store: HireStore): Mailer {
  return createMailer({
    store,
    from: config.email.from,
    replyTo: config.email.replyTo,
    configurationSet: config.email.configurationSet,
  });
}

export function productionTracking(): TrackingStore {
  return createTrackingStore({
    client: documentClient(),
    tableName: requiredEnv('TABLE_NAME'),
    now: systemClock.now,
  });
}
