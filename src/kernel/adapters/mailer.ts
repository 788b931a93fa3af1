import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../email/mailer';
import { encodeLedgerTag, LEDGER_TAG } from '../email/ses-event';
import { TransientError } from '../errors';
import { describeError, log } from '../log';
import type { EmailLedger } from '../table/email-ledger';

let sesClient: SESv2Client | undefined;

// Longer than any of our Lambda timeouts (the longest is 120 s): a claim older than this was left by an
// attempt that died. The workflow retries TransientError for longer than this, so a retry takes it over.
const CLAIM_STALE_AFTER_MS = 5 * 60 * 1000;

export function createMailer(deps: {
  ledger: Pick<EmailLedger, 'claim' | 'markSent' | 'release'>;
  from: string;
  replyTo?: string | undefined;
  configurationSet?: string | undefined;
  client?: SESv2Client;
}): Mailer {
  sesClient ??= new SESv2Client({ maxAttempts: 5 });
  const client = deps.client ?? sesClient;
  return {
    async sendOnce(hireId, ledgerKey, content, options) {
      const claim = await deps.ledger.claim(hireId, ledgerKey, CLAIM_STALE_AFTER_MS);
      if (claim === 'already-sent') return { sent: false };
      if (claim === 'in-progress')
        throw new TransientError(`email ${ledgerKey} is being sent by another attempt`);
      let email: OutgoingEmail;
      try {
        email = typeof content === 'function' ? await content() : content;
      } catch (err) {
        await deps.ledger.release(hireId, ledgerKey);
        throw err;
      }
      let messageId: string;
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: deps.from,
            Destination: { ToAddresses: email.to },
            ReplyToAddresses: deps.replyTo ? [deps.replyTo] : undefined,
            ConfigurationSetName: deps.configurationSet,
            // The ledger tag comes back in SES's "Email Sent" event, which closes the ledger entry if
            // this attempt dies between SES's answer and markSent (see recordEmailSent).
            EmailTags: Object.entries({
              hireId,
              kind: ledgerKey.split('#')[0]!,
              [LEDGER_TAG]: encodeLedgerTag(ledgerKey),
              ...email.tags,
            }).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, '_') })),
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: {
                  Html: { Data: email.html, Charset: 'UTF-8' },
                  Text: { Data: email.text, Charset: 'UTF-8' },
                },
              },
            },
          }),
        );
        messageId = out.MessageId ?? 'unknown';
      } catch (err) {
        // SES refused it, so nothing went out: undo the content's side effects, free the claim for the retry.
        await options?.onNotSent?.().catch((undo: unknown) => {
          // The retry makes new content anyway; what matters here is that the claim is freed for it.
          log.error('email not sent, and undoing its content failed', {
            hireId,
            kind: ledgerKey.split('#')[0],
            error: describeError(undo),
          });
        });
        await deps.ledger.release(hireId, ledgerKey);
        throw new TransientError(`SES did not accept email ${ledgerKey}`, { cause: err });
      }
      await deps.ledger.markSent(hireId, ledgerKey, messageId, email.to);
      return { sent: true, messageId };
    },
  };
}
