import { productionMailer, productionStore } from '../../src/app/production';
import { type EmailEventDeps, recordEmailFeedback } from '../../src/app/record-email-event';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { parseSesEvent } from '../../src/domain/ses-event';
import { log } from '../../src/log';

/** EventBridge SES events ("Email Bounced", "Email Complaint Received") of the onboarding configuration set. */
let productionDeps: EmailEventDeps | undefined;
function deps(): EmailEventDeps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return { config, clock: systemClock, store, mailer: productionMailer(config, store) };
  })();
  return productionDeps;
}

export async function handler(event: unknown) {
  const feedback = parseSesEvent(event);
  if (!feedback) return { outcome: 'ignored' };
  const result = await recordEmailFeedback(deps(), feedback);
  // Addresses stay out of the logs; the admin alert and the hire record carry them.
  log.info('ses event', {
    type: feedback.type,
    reason: feedback.reason,
    kind: feedback.emailKind,
    ...result,
  });
  return result;
}
