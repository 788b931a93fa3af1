import {
  type EmailEventDeps,
  recordEmailFeedback,
  recordEmailSent,
} from '../../src/invitations/record-email-event';
import { parseSentEvent, parseSesEvent } from '../../src/kernel/email/ses-event';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { emailEventsDeps } from '../production';

/**
 * EventBridge SES events of the onboarding configuration set: "Email Sent" closes the email's send-once
 * ledger entry; "Email Bounced" and "Email Complaint Received" stop the hire's reminders and alert admins.
 */
export async function handleEmailEvent(event: unknown, d: EmailEventDeps) {
  const sent = parseSentEvent(event);
  if (sent) return recordEmailSent(d, sent);
  const feedback = parseSesEvent(event);
  if (!feedback) return { outcome: 'ignored' as const };
  const result = await recordEmailFeedback(d, feedback);
  // Addresses stay out of the logs; the admin alert and the hire record carry them.
  log.info('ses event', {
    type: feedback.type,
    reason: feedback.reason,
    kind: feedback.emailKind,
    ...result,
  });
  return result;
}

export const handler = eventFunction(handleEmailEvent, { deps: emailEventsDeps });
