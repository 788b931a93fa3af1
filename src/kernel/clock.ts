/**
 * The one source of "now" for every time-dependent rule (lead time, reminders, business hours, token expiry).
 *
 * On AWS the offset is always 0, so this is the system clock. The local cloud runs the handlers in its own
 * process and moves time forward through `local/clock.ts`, which shifts this offset: the handlers never
 * know whether they run locally.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
}

// The offset is kept on the process, not in this module: in bundled mode every function's bundle has its own
// copy of this module, and all of them must see the one local clock.
const OFFSET = Symbol.for('workspaces-onboarding.clock-offset-ms');
const holder = globalThis as { [OFFSET]?: number };
const offsetMs = (): number => holder[OFFSET] ?? 0;

export const systemClock: Clock = {
  now: () => new Date(Date.now() + offsetMs()),
  nowMs: () => Date.now() + offsetMs(),
};

/** Only the local cloud calls this (see local/clock.ts). Time never goes backwards. */
export function shiftSystemClock(byMs: number): void {
  if (!Number.isFinite(byMs) || byMs < 0) throw new RangeError(`clock can only move forward, got ${byMs} ms`);
  holder[OFFSET] = offsetMs() + byMs;
}

export function systemClockOffsetMs(): number {
  return offsetMs();
}
