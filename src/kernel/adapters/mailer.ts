import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../email/mailer';
import { AFTER_TURN_MS, QUOTA_RETRY_MS, type SendLimits, type SendPacer } from '../email/pacing';
import { encodeLedgerTag, LEDGER_TAG } from '../email/ses-event';
import { SesQuotaExceededError, SesThrottledError, TransientError } from '../errors';
import { describeError, log } from '../log';
import type { EmailLedger } from '../table/email-ledger';

let sesClient: SESv2Client | undefined;

// Longer than any of our Lambda timeouts (the longest is 120 s): a claim older than this was left by an
// attempt that died. The workflow retries EmailInProgressError for longer than this (every minute, ten
// times), so a retry takes it over.
const CLAIM_STALE_AFTER_MS = 5 * 60 * 1000;

export function createMailer(deps: {
  ledger: Pick<EmailLedger, 'claim' | 'markSent' | 'release'>;
  from: string;
  replyTo?: string | undefined;
  configurationSet?: string | undefined;
  client?: SESv2Client;
  /** The account's shared pace (rate and 24-hour quota); without it, emails go out as soon as asked. */
  pacer?: SendPacer;
  /** How long one email may wait out SES throttles before the attempt gives up (inside the function's time). */
  throttleWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The product's clock, for when a refused email is due again. */
  clockMs?: () => number;
  /** The invocation's time left: a throttle is waited out only while the email can still be sent in it. */
  remainingMs?: () => number;
}): Mailer {
  const client = deps.client ?? sesV2Client();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clockMs = deps.clockMs ?? Date.now;
  const throttleWaitMs = deps.throttleWaitMs ?? THROTTLE_WAIT_MS;
  /**
   * The email's turn in the account's pace, then SendEmail; a throttle waits (1 s, 2 s, 4 s, ...) and takes
   * a new turn until `throttleWaitMs` is spent. SES's refusals become SesThrottledError or SesQuotaExceededError.
   */
  async function paced<T>(send: () => Promise<T>, recipients: number, reserve: boolean): Promise<T> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      await deps.pacer?.turn(recipients, { reserve });
      try {
        return await send();
      } catch (err) {
        const refusal = sesRefusal(err);
        if (refusal === 'quota') {
          deps.pacer?.forget();
          throw new SesQuotaExceededError(
            'SES: daily message quota exceeded',
            new Date(clockMs() + QUOTA_RETRY_MS),
            {
              cause: err,
            },
          );
        }
        if (refusal !== 'throttle') throw err;
        const pause = 1000 * 2 ** attempt;
        const left = (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) - AFTER_TURN_MS;
        if (waited + pause > throttleWaitMs || pause > left) {
          throw new SesThrottledError('SES: maximum sending rate exceeded', { cause: err });
        }
        log.warn('SES throttled an email; waiting', { waitMs: pause });
        await sleep(pause);
        waited += pause;
      }
    }
  }

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
        const send = () =>
          client.send(
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
        const out = await paced(send, email.to.length, options?.reserve === true);
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
        if (err instanceof SesThrottledError || err instanceof SesQuotaExceededError) throw err;
        throw new TransientError(`SES did not accept email ${ledgerKey}`, { cause: err });
      }
      await deps.ledger.markSent(hireId, ledgerKey, messageId, email.to);
      return { sent: true, messageId };
    },
  };
}

// Well inside the shortest timeout of a function that emails (20 s), with time left to record the send.
const THROTTLE_WAIT_MS = 7_000;

/**
 * One client per container. The SDK's retries are off: they would repeat a throttle or a used-up quota
 * blindly (both are "throttling" to the SDK), where `paced` takes a new turn or defers; any other failure
 * releases the claim and the caller's own retry (the workflow, the next scheduled run) sends it.
 */
export function sesV2Client(): SESv2Client {
  sesClient ??= new SESv2Client({ maxAttempts: 1 });
  return sesClient;
}

/**
 * How SES says "too fast" or "quota used up". The developer guide names a `ThrottlingException` whose
 * message tells which; the SES v2 model lists `TooManyRequestsException` (429) and `LimitExceededException`
 * (400) for SendEmail. Every name is read the same way, the message deciding between rate and quota.
 */
export function sesRefusal(err: unknown): 'throttle' | 'quota' | undefined {
  if (!(err instanceof Error)) return undefined;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const throttleName = ['ThrottlingException', 'Throttling', 'TooManyRequestsException'].includes(err.name);
  const limitName = err.name === 'LimitExceededException';
  if (!throttleName && !limitName && status !== 429) return undefined;
  if (/daily message quota|24.hour|sending quota/i.test(err.message)) return 'quota';
  if (/maximum sending rate|rate exceeded/i.test(err.message) || throttleName || status === 429)
    return 'throttle';
  return undefined;
}

/** The account's limits as SES GetAccount reports them. */
export async function sesSendLimits(client: SESv2Client = sesV2Client()): Promise<SendLimits> {
  const out = await client.send(new GetAccountCommand({}));
  const quota = out.SendQuota ?? {};
  return {
    maxSendRate: quota.MaxSendRate ?? 1,
    max24HourSend: quota.Max24HourSend ?? -1,
    sentLast24Hours: quota.SentLast24Hours ?? 0,
  };
}
