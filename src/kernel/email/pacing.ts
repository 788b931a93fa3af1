import { SesQuotaExceededError, SesThrottledError } from '../errors';

/**
 * The account's SES limits, shared by every function that sends: at most `maxSendRate` recipients a second
 * and `max24HourSend` in 24 hours (SES counts recipients, not messages). Every email takes its recipients
 * from a per-second slot of the shared table (one conditional write) before it goes to SES, so concurrent
 * functions together stay under the rate; the limits come from SES GetAccount, read again every few minutes.
 */
export interface SendLimits {
  maxSendRate: number;
  /** -1: no 24-hour quota. */
  max24HourSend: number;
  sentLast24Hours: number;
}

/**
 * The account's sends as every function sees them (the shared table): per-second counters (`second` is Unix
 * seconds, real time) and the room left in the 24-hour quota.
 */
export interface SendSlots {
  /** Adds `count` to the second's counter when it stays at most `limit`; false when the second is full. */
  take(second: number, count: number, limit: number): Promise<boolean>;
  /** Takes `count` of the quota's room when at least `keep` stays; false when it would not (or none is known). */
  takeQuota(count: number, keep: number): Promise<boolean>;
  /**
   * Sets the room from a fresh GetAccount read at `at` (product clock and real time), unless another
   * function set it within the last minute (and 30 s of real time): SES's count lags the emails still on
   * their way, so a reset more often would forget them. After an hour (product clock) it always may.
   */
  setQuota(room: number, at: { clockMs: number; realMs: number }): Promise<void>;
}

export interface SendPacer {
  /**
   * Waits for the email's turn. Throws SesQuotaExceededError when the 24-hour quota leaves no room (the
   * quota alert may use the reserve), SesThrottledError when no second has room within the look-ahead.
   */
  turn(recipients: number, opts?: { reserve?: boolean }): Promise<void>;
  /** SES refused for the daily quota: read the limits again before the next email. */
  forget(): void;
}

/** How long the limits read from GetAccount are trusted (they change when AWS raises them, rarely). */
export const LIMITS_CACHE_MS = 5 * 60 * 1000;
/** When the quota is used up, the email is tried again this much later (the 24 hours roll on). */
export const QUOTA_RETRY_MS = 60 * 60 * 1000;
const LATE_IN_SECOND_MS = 700;
/**
 * How far ahead an email books its second by default. It sleeps until then inside the function, and most
 * functions stop after 10 s (serverless.yml): booking further would sleep past that and turn a wait into a
 * timeout. Past it, SesThrottledError, which the workflow and the scheduled runs try again later.
 */
export const LOOK_AHEAD_SECONDS = 5;
/**
 * What an email needs after its second comes (SendEmail, then the ledger's and the hire's writes): a second
 * later than the function's time left minus this is never booked, so a stopped attempt never holds a claim.
 */
export const AFTER_TURN_MS = 3_000;

export function createSendPacer(deps: {
  limits: () => Promise<SendLimits>;
  slots: SendSlots;
  /** Real time in ms: SES counts seconds of real time, whatever the product's clock says. */
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The product's clock: how old the limits read are, when to try a deferred email again. */
  clockMs: () => number;
  /** Recipients of the 24-hour quota kept for the quota alert (the admins). */
  reserve?: number;
  /** How many seconds ahead an email may book; beyond, SesThrottledError (a later attempt sends it). */
  lookAheadSeconds?: number;
  cacheMs?: number;
  /** The invocation's time left (src/kernel/invocation.ts); without it, no limit. */
  remainingMs?: () => number;
}): SendPacer {
  const cacheMs = deps.cacheMs ?? LIMITS_CACHE_MS;
  const lookAhead = deps.lookAheadSeconds ?? LOOK_AHEAD_SECONDS;
  let cached: { limits: SendLimits; readAt: number } | undefined;

  const read = async () => {
    const limits = await deps.limits();
    cached = { limits, readAt: deps.clockMs() };
    if (limits.max24HourSend >= 0) {
      await deps.slots.setQuota(limits.max24HourSend - limits.sentLast24Hours, {
        clockMs: deps.clockMs(),
        realMs: deps.nowMs(),
      });
    }
    return cached;
  };

  return {
    async turn(recipients, opts = {}) {
      let current = cached && deps.clockMs() - cached.readAt < cacheMs ? cached : await read();
      if (current.limits.max24HourSend >= 0) {
        const keep = opts.reserve ? 0 : (deps.reserve ?? 0);
        let room = await deps.slots.takeQuota(recipients, keep);
        // The shared room may be stale (the 24 hours roll on): look at the account again before deferring.
        if (!room && deps.clockMs() - current.readAt >= 1000) {
          current = await read();
          room = current.limits.max24HourSend < 0 || (await deps.slots.takeQuota(recipients, keep));
        }
        if (!room) {
          throw new SesQuotaExceededError(
            `the SES 24-hour quota (${current.limits.max24HourSend}) leaves no room for this email`,
            new Date(deps.clockMs() + QUOTA_RETRY_MS),
          );
        }
      }
      const limit = Math.max(1, Math.floor(current.limits.maxSendRate));
      // An email to more recipients than the rate takes a whole second of its own.
      const count = Math.min(recipients, limit);
      // Late in a second, the email could reach SES in the next one: book from the next second then.
      const now = deps.nowMs();
      const first = Math.floor(now / 1000) + (now % 1000 < LATE_IN_SECOND_MS ? 0 : 1);
      const latestMs = now + (deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) - AFTER_TURN_MS;
      for (let second = first; second < first + lookAhead && second * 1000 <= latestMs; second++) {
        if (!(await deps.slots.take(second, count, limit))) continue;
        const wait = second * 1000 - deps.nowMs();
        if (wait > 0) await deps.sleep(wait);
        return;
      }
      throw new SesThrottledError(
        `no free second to send within ${lookAhead} s (and the function's time left) at ${limit} a second`,
      );
    },
    forget() {
      cached = undefined;
    },
  };
}
