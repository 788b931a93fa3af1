import type { SesAccount } from './ses-account';

/**
 * What the local SES refuses before an email reaches aws-ses-v2-local, as SES does (docs/aws-facts.md,
 * "SES v2"): a recipient the sandbox may not send to, more recipients in one second of real time than the
 * account's `maxSendRate`, the 24-hour quota used up. SES counts recipients, not messages. Accepted
 * recipients and refusals are kept per second for `GET <ses>/_sim/sends`, so the bench can show the
 * highest rate SES saw.
 */
export interface SesRefusal {
  status: number;
  type: string;
  message: string;
}

/** The mailbox simulator's domain: the sandbox sends there without verification. */
const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export interface SendLimiter {
  /** The refusal of an email to these recipients now, or undefined when it may go (and is counted). */
  admit(recipients: string[], nowMs?: number): SesRefusal | undefined;
  /** Accepted recipients and refusals per second (Unix seconds of real time). */
  report(): {
    seconds: { second: number; sent: number; refused: number }[];
    highestRate: number;
    sent: number;
    refused: { rate: number; quota: number; sandbox: number };
  };
  clear(): void;
}

export function createSendLimiter(account: SesAccount, realNowMs: () => number = Date.now): SendLimiter {
  let perSecond = new Map<number, { sent: number; refused: number }>();
  let refused = { rate: 0, quota: 0, sandbox: 0 };
  const slot = (second: number) => {
    const found = perSecond.get(second) ?? { sent: 0, refused: 0 };
    perSecond.set(second, found);
    return found;
  };

  return {
    admit(recipients, nowMs = realNowMs()) {
      const settings = account.settings();
      const second = slot(Math.floor(nowMs / 1000));
      if (!settings.productionAccessEnabled) {
        const unverified = recipients.filter(
          (r) => !r.toLowerCase().endsWith(`@${SIMULATOR_DOMAIN}`) && !account.isVerified(r),
        );
        if (unverified.length > 0) {
          refused.sandbox++;
          return {
            status: 400,
            type: 'MessageRejected',
            message: `Email address is not verified. The following identities failed the check in region LOCAL: ${unverified.join(', ')}`,
          };
        }
      }
      if (
        settings.max24HourSend >= 0 &&
        account.sentLast24Hours() + recipients.length > settings.max24HourSend
      ) {
        refused.quota++;
        second.refused++;
        return { status: 429, type: 'TooManyRequestsException', message: 'Daily message quota exceeded.' };
      }
      // An email to more recipients than the rate is taken only by a second of its own.
      if (second.sent > 0 && second.sent + recipients.length > settings.maxSendRate) {
        refused.rate++;
        second.refused++;
        return { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' };
      }
      second.sent += recipients.length;
      account.noteSent(undefined, recipients.length);
      return undefined;
    },
    report() {
      const seconds = [...perSecond.entries()]
        .map(([second, c]) => ({ second, ...c }))
        .sort((a, b) => a.second - b.second);
      return {
        seconds,
        highestRate: Math.max(0, ...seconds.map((s) => s.sent)),
        sent: seconds.reduce((n, s) => n + s.sent, 0),
        refused: { ...refused },
      };
    },
    clear() {
      perSecond = new Map();
      refused = { rate: 0, quota: 0, sandbox: 0 };
    },
  };
}
