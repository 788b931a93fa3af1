/**
 * SES events as EventBridge delivers them (source `aws.ses`, detail-type "Email Bounced" / "Email Complaint
 * Received"; the detail is the SES event record: `eventType`, `mail`, and `bounce` or `complaint`). Only
 * what onboarding needs is read: which hire and which email (the tags our mailer sets), which addresses
 * failed, and whether the failure is final.
 */
import { SesEventError } from '../errors';

export const SES_EVENT_SOURCE = 'aws.ses';
/** The detail-type of each event type onboarding acts on, as SES names them on the event bus. */
export const SES_DETAIL_TYPES = {
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Send: 'Email Sent',
} as const;

/**
 * The mailer's tag naming the send-once ledger entry of an email (`invitation#2`), base64url-encoded: SES tag
 * values allow only letters, digits, `_` and `-`.
 */
export const LEDGER_TAG = 'ledger';
export const encodeLedgerTag = (ledgerKey: string) => Buffer.from(ledgerKey, 'utf8').toString('base64url');

/** An email SES accepted ("Email Sent"): closes its ledger entry even if the sender died before it could. */
export interface EmailSent {
  messageId: string;
  hireId: string;
  ledgerKey: string;
}

export interface EmailFeedback {
  type: 'Bounce' | 'Complaint';
  messageId: string;
  hireId?: string;
  /** The mailer's `kind` tag: invitation, reminder, alert-failed, ... */
  emailKind?: string;
  /** The addresses that bounced or complained. Personal data: never log them. */
  recipients: string[];
  /** False for transient (soft) bounces, which SES has already retried and that may pass later. */
  permanent: boolean;
  /** e.g. `Permanent/General`, `Transient/MailboxFull`, `Complaint/abuse`. */
  reason: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstTag(tags: unknown, name: string): string | undefined {
  if (!isObject(tags)) return undefined;
  const value = tags[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first ? first : undefined;
}

function addresses(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((r) => (isObject(r) ? r.emailAddress : undefined))
    .filter((a): a is string => typeof a === 'string' && a.length > 0);
}

/** The "Email Sent" event of an email our mailer sent (with its hire and ledger tags); undefined otherwise. */
export function parseSentEvent(event: unknown): EmailSent | undefined {
  if (!isObject(event) || event.source !== SES_EVENT_SOURCE) throw new SesEventError('not an SES event');
  const detail = event.detail;
  if (!isObject(detail) || detail.eventType !== 'Send') return undefined;
  if (event['detail-type'] !== undefined && event['detail-type'] !== SES_DETAIL_TYPES.Send) {
    throw new SesEventError(`a Send record under detail-type ${JSON.stringify(event['detail-type'])}`);
  }
  const mail = isObject(detail.mail) ? detail.mail : {};
  const messageId = typeof mail.messageId === 'string' ? mail.messageId : '';
  const hireId = firstTag(mail.tags, 'hireId');
  const encoded = firstTag(mail.tags, LEDGER_TAG);
  const ledgerKey = encoded ? Buffer.from(encoded, 'base64url').toString('utf8') : '';
  if (!messageId || !hireId || !ledgerKey) return undefined;
  return { messageId, hireId, ledgerKey };
}

/** Returns undefined for SES events onboarding does not act on (deliveries, opens, ...). */
export function parseSesEvent(event: unknown): EmailFeedback | undefined {
  if (!isObject(event) || event.source !== SES_EVENT_SOURCE) throw new SesEventError('not an SES event');
  const detail = event.detail;
  if (!isObject(detail)) throw new SesEventError('SES event without detail');
  const type = detail.eventType ?? detail.notificationType;
  if (type !== 'Bounce' && type !== 'Complaint') return undefined;
  const detailType = event['detail-type'];
  if (detailType !== undefined && detailType !== SES_DETAIL_TYPES[type]) {
    throw new SesEventError(`a ${type} record under detail-type ${JSON.stringify(detailType)}`);
  }
  const mail = isObject(detail.mail) ? detail.mail : {};
  const messageId = typeof mail.messageId === 'string' ? mail.messageId : '';
  const hireId = firstTag(mail.tags, 'hireId');
  const emailKind = firstTag(mail.tags, 'kind');
  const base = { messageId, ...(hireId ? { hireId } : {}), ...(emailKind ? { emailKind } : {}) };
  if (type === 'Bounce') {
    const bounce = isObject(detail.bounce) ? detail.bounce : {};
    const bounceType = typeof bounce.bounceType === 'string' ? bounce.bounceType : 'Undetermined';
    const subType = typeof bounce.bounceSubType === 'string' ? bounce.bounceSubType : 'General';
    return {
      ...base,
      type,
      recipients: addresses(bounce.bouncedRecipients),
      permanent: bounceType !== 'Transient',
      reason: `${bounceType}/${subType}`,
    };
  }
  const complaint = isObject(detail.complaint) ? detail.complaint : {};
  const feedback =
    typeof complaint.complaintFeedbackType === 'string' ? complaint.complaintFeedbackType : 'unknown';
  return {
    ...base,
    type,
    recipients: addresses(complaint.complainedRecipients),
    permanent: true,
    reason: `Complaint/${feedback}`,
  };
}
