/**
 * The mailer port, which every capability's use cases send through (src/kernel/adapters/mailer.ts is SES v2).
 * It sends an email at most once per ledger key. SES SendEmail has no idempotency token, so the ledger item
 * is claimed with a conditional write first; a duplicate event or a retried Lambda finds it and stops.
 */
export interface OutgoingEmail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  tags?: Record<string, string>;
}

export interface SendOptions {
  /**
   * Called when SES refused the email, so nothing went out, before the claim is released: undo what the
   * content function did for this email (move a setup link back).
   */
  onNotSent?: () => Promise<void>;
  /** The quota alert: may use the recipients of the 24-hour quota kept back from every other email. */
  reserve?: boolean;
}

export interface Mailer {
  /**
   * `email` may be a function: it is called only after the ledger claim succeeded, for content that must
   * not be made twice (a fresh setup link). If it throws, the claim is released. The ledger item keeps the
   * recipients of the email that went out.
   */
  sendOnce(
    hireId: string,
    ledgerKey: string,
    email: OutgoingEmail | (() => Promise<OutgoingEmail>),
    options?: SendOptions,
  ): Promise<{ sent: boolean; messageId?: string }>;
}
