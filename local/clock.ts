import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type Clock, shiftSystemClock, systemClock, systemClockOffsetMs } from '../src/kernel/clock';

/**
 * The local cloud's movable clock. Everything local that waits (Step Functions Wait states, task timeouts,
 * schedules, the WorkSpaces simulator's provisioning delay) waits on this clock, so moving it forward
 * makes days pass in a second. It runs at real speed between moves.
 */
export interface LocalClock extends Clock {
  /** Moves time forward and wakes every sleeper whose time has come. */
  advance(byMs: number): void;
  /** Resolves once the clock reaches `atMs` (epoch ms), by real time passing or by `advance`. */
  sleepUntil(atMs: number, signal?: AbortSignal): Promise<void>;
  /** Called after every advance (schedules use it to fire what became due). */
  onAdvance(listener: (nowMs: number) => void): () => void;
  offsetMs(): number;
}

interface Sleeper {
  atMs: number;
  wake: () => void;
  timer: NodeJS.Timeout | undefined;
}

// Node's setTimeout cannot wait longer than 2^31-1 ms; longer sleeps re-arm.
const MAX_TIMER_MS = 2_147_483_647;

export function createLocalClock(): LocalClock {
  const sleepers = new Set<Sleeper>();
  const listeners = new Set<(nowMs: number) => void>();

  function arm(sleeper: Sleeper): void {
    if (sleeper.timer) clearTimeout(sleeper.timer);
    const remaining = sleeper.atMs - systemClock.nowMs();
    if (remaining <= 0) {
      sleeper.wake();
      return;
    }
    sleeper.timer = setTimeout(() => arm(sleeper), Math.min(remaining, MAX_TIMER_MS));
    sleeper.timer.unref?.();
  }

  return {
    now: systemClock.now,
    nowMs: systemClock.nowMs,
    offsetMs: systemClockOffsetMs,
    advance(byMs) {
      shiftSystemClock(byMs);
      for (const sleeper of [...sleepers]) arm(sleeper);
      const now = systemClock.nowMs();
      for (const listener of [...listeners]) listener(now);
    },
    sleepUntil(atMs, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper: Sleeper = {
          atMs,
          timer: undefined,
          wake: () => {
            if (sleeper.timer) clearTimeout(sleeper.timer);
            sleepers.delete(sleeper);
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          if (sleeper.timer) clearTimeout(sleeper.timer);
          sleepers.delete(sleeper);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.add(sleeper);
        arm(sleeper);
      });
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * With `--data`, the clock's offset is kept in `file` so a restarted cloud carries on from the time its
 * data was written at (hires, WorkSpaces and executions carry local-clock times): read at start, written
 * (temporary file + rename) after every move.
 */
export function persistClock(clock: LocalClock, file: string): void {
  if (existsSync(file)) {
    const saved = Number((JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs);
    if (Number.isFinite(saved) && saved > clock.offsetMs()) clock.advance(saved - clock.offsetMs());
  }
  clock.onAdvance(() => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ offsetMs: clock.offsetMs() }));
    renameSync(tmp, file);
  });
}
