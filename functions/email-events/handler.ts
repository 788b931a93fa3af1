import { emailEventsDeps } from '../../src/app/production';
import { type EmailEventDeps, recordEmailFeedback, recordEmailSent } from '../../src/app/record-email-event';
import { parseSentEvent, parseSesEvent } from '../../src/domain/ses-event';
import { log } from '../../src/log';

/**
 * EventBridge SES events of the onboarding configuration set: "Email Sent" closes the email's send-once
 * ledger entry; "Email Bounced" and "Email Complaint Received" stop the hire's reminders and alert admins.
 */
let productionDeps: EmailEventDeps | undefined;
function deps(): EmailEventDeps {
  productionDeps ??= emailEventsDeps();
  return productionDeps;
}

export async function handler(event: unknown) {
  const sent = parseSentEvent(event);
  if (sent) return recordEmailSent(deps(), sent);
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
