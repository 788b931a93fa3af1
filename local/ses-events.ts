import { randomUUID } from 'node:crypto';
import { SES_DETAIL_TYPES, SES_EVENT_SOURCE } from '../src/kernel/email/ses-event';
import type { BusEvent } from './event-bus';

/**
 * What SES would publish to EventBridge for an email it accepted: "Email Sent" for every one, and for the
 * mailbox simulator addresses (bounce@ and complaint@ simulator.amazonses.com, also with a `+label`) the
 * bounce or complaint, so those can be tried locally. Events are published only for emails sent with a
 * configuration set, as on AWS. The shapes follow AWS's examples:
 * detail-types from the EventBridge reference for SES, the detail as in SES's event publishing examples.
 */
export interface SentEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  configurationSet?: string;
  subject?: string;
  tags: Record<string, string>;
}

const SIMULATOR = /^(bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/i;

export function simulatorOutcome(address: string): 'bounce' | 'complaint' | undefined {
  const match = SIMULATOR.exec(address.trim());
  return match ? (match[1]!.toLowerCase() as 'bounce' | 'complaint') : undefined;
}

export function sesEventsFor(
  email: SentEmail,
  opts: { now: Date; region: string; accountId: string },
): BusEvent[] {
  if (!email.configurationSet) return [];
  const recipients = [...email.to, ...email.cc, ...email.bcc];
  const bounced = recipients.filter((r) => simulatorOutcome(r) === 'bounce');
  const complained = recipients.filter((r) => simulatorOutcome(r) === 'complaint');
  const timestamp = opts.now.toISOString();
  const fromAddress = /<([^<>]+)>\s*$/.exec(email.from)?.[1] ?? email.from;
  const fromDomain = fromAddress.split('@')[1] ?? '';
  const headers = [
    { name: 'From', value: email.from },
    ...(email.to.length ? [{ name: 'To', value: email.to.join(', ') }] : []),
    ...(email.cc.length ? [{ name: 'Cc', value: email.cc.join(', ') }] : []),
    ...(email.subject !== undefined ? [{ name: 'Subject', value: email.subject }] : []),
    { name: 'MIME-Version', value: '1.0' },
  ];
  const mail = {
    timestamp,
    source: email.from,
    sourceArn: `arn:aws:ses:${opts.region}:${opts.accountId}:identity/${fromDomain}`,
    sendingAccountId: opts.accountId,
    messageId: email.messageId,
    destination: recipients,
    headersTruncated: false,
    headers,
    commonHeaders: {
      from: [email.from],
      ...(email.to.length ? { to: email.to } : {}),
      ...(email.cc.length ? { cc: email.cc } : {}),
      messageId: email.messageId,
      ...(email.subject !== undefined ? { subject: email.subject } : {}),
    },
    tags: {
      'ses:configuration-set': [email.configurationSet],
      'ses:source-ip': ['127.0.0.1'],
      'ses:from-domain': [fromDomain],
      'ses:caller-identity': ['local'],
      ...Object.fromEntries(Object.entries(email.tags).map(([k, v]) => [k, [v]])),
    },
  };
  const base = {
    source: SES_EVENT_SOURCE,
    resources: [`arn:aws:ses:${opts.region}:${opts.accountId}:configuration-set/${email.configurationSet}`],
  };
  // Every email SES accepts is sent: "Email Sent" first, then what the mailbox simulator answers.
  const events: BusEvent[] = [
    { ...base, 'detail-type': SES_DETAIL_TYPES.Send, detail: { eventType: 'Send', mail, send: {} } },
  ];
  if (bounced.length) {
    events.push({
      ...base,
      'detail-type': SES_DETAIL_TYPES.Bounce,
      detail: {
        eventType: 'Bounce',
        bounce: {
          feedbackId: `${randomUUID()}-000000`,
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: bounced.map((emailAddress) => ({
            emailAddress,
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          })),
          timestamp,
          reportingMTA: 'dns; amazonses.com',
        },
        mail,
      },
    });
  }
  if (complained.length) {
    events.push({
      ...base,
      'detail-type': SES_DETAIL_TYPES.Complaint,
      detail: {
        eventType: 'Complaint',
        complaint: {
          feedbackId: `${randomUUID()}-000000`,
          complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
          timestamp,
          userAgent: 'Amazon SES Mailbox Simulator',
          complaintFeedbackType: 'abuse',
          arrivalDate: timestamp,
        },
        mail,
      },
    });
  }
  return events;
}
