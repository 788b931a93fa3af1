import { randomUUID } from 'node:crypto';
import type { LocalClock } from './clock';
import type { LocalLambdas } from './lambdas';

/**
 * The `schedule` events of serverless.yml, on the local clock. When the clock jumps, a schedule fires once
 * (not once per missed period), as a rule that was paused would. A run still in progress is not overlapped.
 */
export interface LocalSchedule {
  functionKey: string;
  expression: string;
  intervalMs: number;
  nextAtMs: number;
  running: boolean;
  runs: number;
  lastError?: string;
}

export interface LocalScheduler {
  schedules(): LocalSchedule[];
  /** Fires every schedule of that function now; resolves when the runs end. */
  runNow(functionKey: string): Promise<void>;
  stop(): Promise<void>;
}

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseRate(expression: string): number {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) {
    throw new Error(`local scheduler supports rate(N unit) only, got "${expression}"`);
  }
  const unit = UNITS[match[2]!.replace(/s$/, '')]!;
  return Number(match[1]) * unit;
}

export function startScheduler(opts: {
  clock: LocalClock;
  lambdas: LocalLambdas;
  region: string;
  accountId: string;
  onError?: (fn: string, err: unknown) => void;
}): LocalScheduler {
  const { clock, lambdas } = opts;
  const aborter = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const schedules: LocalSchedule[] = lambdas.specs.flatMap((spec) =>
    spec.schedules.map((expression) => {
      const intervalMs = parseRate(expression);
      return {
        functionKey: spec.key,
        expression,
        intervalMs,
        nextAtMs: clock.nowMs() + intervalMs,
        running: false,
        runs: 0,
      };
    }),
  );

  const fire = (schedule: LocalSchedule): Promise<void> => {
    if (schedule.running) return Promise.resolve();
    schedule.running = true;
    schedule.runs++;
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: opts.accountId,
      time: clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      region: opts.region,
      resources: [`arn:aws:events:${opts.region}:${opts.accountId}:rule/${schedule.functionKey}-schedule`],
      detail: {},
    };
    const run = lambdas
      .invoke(schedule.functionKey, event)
      .then(
        () => {
          delete schedule.lastError;
        },
        (err: unknown) => {
          schedule.lastError = String(err);
          opts.onError?.(schedule.functionKey, err);
        },
      )
      .finally(() => {
        schedule.running = false;
        inFlight.delete(run);
      });
    inFlight.add(run);
    return run;
  };

  const loop = async (schedule: LocalSchedule): Promise<void> => {
    while (!aborter.signal.aborted) {
      try {
        await clock.sleepUntil(schedule.nextAtMs, aborter.signal);
      } catch {
        return;
      }
      schedule.nextAtMs = Math.max(schedule.nextAtMs + schedule.intervalMs, clock.nowMs() + 1);
      void fire(schedule);
    }
  };
  for (const schedule of schedules) void loop(schedule);

  return {
    schedules: () => schedules.map((s) => ({ ...s })),
    async runNow(functionKey) {
      const mine = schedules.filter((s) => s.functionKey === functionKey);
      if (!mine.length) throw new Error(`no schedule for function ${functionKey}`);
      await Promise.all(
        mine.map(async (s) => {
          while (s.running) await Promise.all([...inFlight]);
          await fire(s);
        }),
      );
    },
    async stop() {
      aborter.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
