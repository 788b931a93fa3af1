import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { createMailer } from '../../src/kernel/adapters/mailer';
import { alertOnQuota, SES_QUOTA_LEDGER_ID } from '../../src/kernel/alerts/quota-alert';
import {
  AFTER_TURN_MS,
  createSendPacer,
  LOOK_AHEAD_SECONDS,
  type SendLimits,
  type SendSlots,
} from '../../src/kernel/email/pacing';
import { SesQuotaExceededError, SesThrottledError } from '../../src/kernel/errors';
import { testClock, testConfig } from '../support/fakes';
import { memoryStores } from '../support/memory-stores';

/** The table's per-second counters and quota room, with the same conditions as the DynamoDB store. */
function memorySlots() {
  const counts = new Map<number, number>();
  const quota: { room?: number; readAt?: number; readReal?: number } = {};
  const slots: SendSlots = {
    async take(second, count, limit) {
      await Promise.resolve(); // a round trip: concurrent callers interleave here
      const now = counts.get(second) ?? 0;
      if (now + count > limit) return false;
      counts.set(second, now + count);
      return true;
    },
    async takeQuota(count, keep) {
      await Promise.resolve();
      if (quota.room === undefined || quota.room < count + keep) return false;
      quota.room -= count;
      return true;
    },
    async setQuota(room, at) {
      await Promise.resolve();
      const { readAt, readReal } = quota;
      const may =
        readAt === undefined ||
        readAt <= at.clockMs - 3_600_000 ||
        (readAt <= at.clockMs - 60_000 && readReal! <= at.realMs - 30_000);
      if (may) Object.assign(quota, { room, readAt: at.clockMs, readReal: at.realMs });
    },
  };
  return { slots, counts, quota };
}

/** Real time for the pace: a sleep moves it on (each sender's own sleep, like two Lambdas). */
function fakeTime(start = 1_800_000_000_000) {
  let ms = start;
  return {
    nowMs: () => ms,
    sleep: async (wait: number) => {
      ms = Math.max(ms, ms + wait);
    },
  };
}

const limits = (over: Partial<SendLimits> = {}) => ({
  maxSendRate: 2,
  max24HourSend: -1,
  sentLast24Hours: 0,
  ...over,
});

/** SES as the mailer sees it: refuses with the given errors in turn, then accepts. */
function scriptedSes(refusals: { name: string; message: string }[]) {
  const sent: string[][] = [];
  const client = {
    async send(command: { input: any }) {
      if (!('Destination' in command.input)) throw new Error('unexpected call');
      const refusal = refusals.shift();
      if (refusal) throw Object.assign(new Error(refusal.message), { name: refusal.name });
      sent.push(command.input.Destination.ToAddresses);
      return { MessageId: `m-${sent.length}` };
    },
  };
  return { client: client as unknown as SESv2Client, sent };
}

/**
 * `n` emails asking for their turn at the same moment, as concurrent functions would, at one a second,
 * each function with `remainingMs` left: how long each waited, or the error it got.
 */
async function askTogether(slots: SendSlots, n: number, remainingMs?: number) {
  const start = 1_800_000_000_000;
  const outcomes: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const asked = fakeTime(start);
    const one = createSendPacer({
      limits: async () => limits({ maxSendRate: 1 }),
      slots,
      ...asked,
      clockMs: Date.now,
      ...(remainingMs === undefined ? {} : { remainingMs: () => remainingMs - (asked.nowMs() - start) }),
    });
    outcomes.push(
      await one.turn(1).then(
        () => asked.nowMs() - start,
        (err: unknown) => err,
      ),
    );
  }
  return outcomes;
}

describe('the shared SES pace', () => {
  it('never more than the rate in any second, across two concurrent senders', async () => {
    const { slots, counts } = memorySlots();
    const time = fakeTime();
    const clock = testClock();
    // Twelve emails at 2 a second need six seconds: a look-ahead that reaches them.
    const pacer = () =>
      createSendPacer({
        limits: async () => limits(),
        slots,
        ...time,
        clockMs: clock.nowMs,
        lookAheadSeconds: 10,
      });
    const [a, b] = [pacer(), pacer()];
    await Promise.all(Array.from({ length: 12 }, (_, i) => ((i % 2 ? a : b) as typeof a).turn(1)));
    expect([...counts.values()].reduce((n, c) => n + c, 0)).toBe(12);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(counts.size).toBe(6);
  });

  it('never books a second further ahead than a function can sleep: past it, a throttle to retry later', async () => {
    const { slots } = memorySlots();
    const outcomes = await askTogether(slots, LOOK_AHEAD_SECONDS + 3);
    const waits = outcomes.filter((o): o is number => typeof o === 'number');
    expect(waits).toHaveLength(LOOK_AHEAD_SECONDS);
    expect(Math.max(...waits)).toBeLessThan(LOOK_AHEAD_SECONDS * 1000);
    expect(outcomes.filter((o) => o instanceof SesThrottledError)).toHaveLength(3);
  });

  it('never books a second its function stops before: the time left bounds the look-ahead', async () => {
    const { slots, counts } = memorySlots();
    // 5 s left: after AFTER_TURN_MS for the send and its writes, seconds up to 2 s ahead fit.
    const outcomes = await askTogether(slots, LOOK_AHEAD_SECONDS, 5_000);
    const waits = outcomes.filter((o): o is number => typeof o === 'number');
    expect(waits).toEqual([0, 1000, 2000]);
    for (const wait of waits) expect(5_000 - wait).toBeGreaterThanOrEqual(AFTER_TURN_MS);
    expect(outcomes.filter((o) => o instanceof SesThrottledError)).toHaveLength(2);
    // The refused emails took nothing: the seconds after 2 s stay free for others.
    expect([...counts.values()].reduce((n, c) => n + c, 0)).toBe(3);
  });

  it('an email to more recipients than the rate takes a second of its own', async () => {
    const { slots, counts } = memorySlots();
    const pacer = createSendPacer({ limits: async () => limits(), slots, ...fakeTime(), clockMs: Date.now });
    await pacer.turn(1);
    await pacer.turn(5);
    expect([...counts.values()]).toEqual([1, 2]);
  });

  it('reads the limits once and keeps them for minutes', async () => {
    let reads = 0;
    const time = fakeTime();
    const pacer = createSendPacer({
      limits: async () => {
        reads++;
        return limits({ maxSendRate: 50 });
      },
      slots: memorySlots().slots,
      ...time,
      clockMs: Date.now,
    });
    for (let i = 0; i < 10; i++) await pacer.turn(1);
    expect(reads).toBe(1);
  });

  it('no free second within the look-ahead: SesThrottledError, nothing taken', async () => {
    const { slots } = memorySlots();
    const time = fakeTime();
    const pacer = createSendPacer({
      limits: async () => limits({ maxSendRate: 1 }),
      slots,
      nowMs: time.nowMs,
      sleep: async () => undefined, // the seconds are booked ahead; time does not move
      clockMs: Date.now,
      lookAheadSeconds: 3,
    });
    for (let i = 0; i < 3; i++) await pacer.turn(1);
    await expect(pacer.turn(1)).rejects.toBeInstanceOf(SesThrottledError);
  });
});

describe('the mailer under SES limits', () => {
  const world = () => {
    const clock = testClock();
    const stores = memoryStores(clock);
    return { clock, stores };
  };
  /** A mailer on SES refusing with `refusals` first; every wait it takes is kept in `waits`. */
  const throttledMailer = (
    refusals: { name: string; message: string }[],
    opts: Partial<Parameters<typeof createMailer>[0]> = {},
  ) => {
    const { clock, stores } = world();
    const ses = scriptedSes(refusals);
    const waits: number[] = [];
    const mailer = createMailer({
      ledger: stores.ledger,
      from: 'it@example.com',
      client: ses.client,
      sleep: async (ms) => {
        waits.push(ms);
      },
      clockMs: clock.nowMs,
      ...opts,
    });
    return { mailer, ses, waits };
  };

  it('a throttle is waited out and retried in the same call: sent, never failed', async () => {
    const { mailer, ses, waits } = throttledMailer([
      { name: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' },
      { name: 'ThrottlingException', message: 'Maximum sending rate exceeded.' },
    ]);
    const out = await mailer.sendOnce('E-1-a', 'invite#1', {
      to: ['a@example.com'],
      subject: 's',
      html: 'h',
      text: 't',
    });
    expect(out.sent).toBe(true);
    expect(waits).toEqual([1000, 2000]);
    expect(ses.sent).toHaveLength(1);
  });

  it('throttled past the wait it may spend: SesThrottledError, the claim free for the next attempt', async () => {
    const throttle = { name: 'Throttling', message: 'Maximum sending rate exceeded.' };
    const { mailer } = throttledMailer([throttle, throttle, throttle, throttle], { throttleWaitMs: 3000 });
    const email = { to: ['a@example.com'], subject: 's', html: 'h', text: 't' };
    await expect(mailer.sendOnce('E-1-a', 'invite#1', email)).rejects.toBeInstanceOf(SesThrottledError);
    expect(await mailer.sendOnce('E-1-a', 'invite#1', email)).toMatchObject({ sent: true });
  });

  it('a throttle is not waited out past the time its function has left: the claim is freed at once', async () => {
    const throttle = { name: 'Throttling', message: 'Maximum sending rate exceeded.' };
    // 1.5 s after the send's own time: room for the 1 s wait, not for the 2 s one.
    const { mailer, ses, waits } = throttledMailer([throttle, throttle], {
      remainingMs: () => AFTER_TURN_MS + 1_500,
    });
    const email = { to: ['a@example.com'], subject: 's', html: 'h', text: 't' };
    await expect(mailer.sendOnce('E-1-a', 'invite#1', email)).rejects.toBeInstanceOf(SesThrottledError);
    expect(waits).toEqual([1000]);
    expect(ses.sent).toHaveLength(0);
    expect(await mailer.sendOnce('E-1-a', 'invite#1', email)).toMatchObject({ sent: true });
  });

  it('the quota is shared: two senders with the same stale view together send no more than it allows', async () => {
    const { slots } = memorySlots();
    const clock = testClock();
    const pacer = () =>
      createSendPacer({
        limits: async () => limits({ maxSendRate: 50, max24HourSend: 10, sentLast24Hours: 6 }),
        slots,
        ...fakeTime(),
        clockMs: clock.nowMs,
        reserve: 1,
      });
    const [a, b] = [pacer(), pacer()];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => ((i % 2 ? a : b) as typeof a).turn(1)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(outcomes.every((o) => o.status === 'fulfilled' || o.reason instanceof SesQuotaExceededError)).toBe(
      true,
    );
    // The one kept back is the alert's.
    await expect(a.turn(1, { reserve: true })).resolves.toBeUndefined();
  });

  it('the quota: every email past it deferred to an hour later, one alert to the admins', async () => {
    const { clock, stores } = world();
    const ses = scriptedSes([]);
    const admins = testConfig.email.adminAddresses.length;
    const pacer = createSendPacer({
      // One email left before the recipients kept for the alert.
      limits: async () => limits({ maxSendRate: 10, max24HourSend: 100, sentLast24Hours: 99 - admins }),
      slots: memorySlots().slots,
      ...fakeTime(),
      clockMs: clock.nowMs,
      reserve: admins,
    });
    const mailer = alertOnQuota(
      createMailer({
        ledger: stores.ledger,
        from: 'it@example.com',
        client: ses.client,
        pacer,
        clockMs: clock.nowMs,
      }),
      { config: testConfig, clockMs: clock.nowMs },
    );
    const email = (n: number) => ({ to: [`p${n}@example.com`], subject: `s${n}`, html: 'h', text: 't' });
    expect(await mailer.sendOnce('E-1-a', 'invite#1', email(1))).toMatchObject({ sent: true });
    const deferred = await mailer.sendOnce('E-2-a', 'invite#1', email(2)).catch((e: unknown) => e);
    expect(deferred).toBeInstanceOf(SesQuotaExceededError);
    expect((deferred as SesQuotaExceededError).retryAt.getTime()).toBe(clock.nowMs() + 60 * 60 * 1000);
    await expect(mailer.sendOnce('E-3-a', 'invite#1', email(3))).rejects.toBeInstanceOf(
      SesQuotaExceededError,
    );
    // Sent: the first invitation and one alert to every admin; the deferred invitations wait.
    expect(ses.sent).toEqual([['p1@example.com'], testConfig.email.adminAddresses]);
    expect(await stores.ledger.entries(SES_QUOTA_LEDGER_ID)).toHaveLength(1);
    expect(await stores.ledger.entries('E-2-a')).toEqual([]);
  });

  it('SES refusing for the quota (another sender used it) defers the same way', async () => {
    const { clock, stores } = world();
    const ses = scriptedSes([{ name: 'ThrottlingException', message: 'Daily message quota exceeded.' }]);
    const mailer = createMailer({
      ledger: stores.ledger,
      from: 'it@example.com',
      client: ses.client,
      clockMs: clock.nowMs,
    });
    await expect(
      mailer.sendOnce('E-1-a', 'invite#1', { to: ['a@example.com'], subject: 's', html: 'h', text: 't' }),
    ).rejects.toBeInstanceOf(SesQuotaExceededError);
  });
});
