import { randomUUID } from 'node:crypto';
import type { LocalClock } from '../clock';
import { StatesError } from './errors';
import type { TaskPlan } from './transform';

/** Runs a task body against TimeoutSeconds/HeartbeatSeconds on the movable clock and the execution's end. */
export async function withDeadlines<T>(
  clock: LocalClock,
  plan: TaskPlan,
  signal: AbortSignal,
  body: (onHeartbeat: () => void, taskSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const local = new AbortController();
  const release = () => local.abort();
  signal.addEventListener('abort', release, { once: true });
  const started = clock.nowMs();
  let lastBeat = started;
  const racers: Promise<T>[] = [
    body(() => {
      lastBeat = clock.nowMs();
    }, local.signal),
    new Promise<never>((_, reject) => {
      const stopped = () => reject(new StatesError('States.Runtime', 'execution stopped'));
      if (local.signal.aborted) stopped();
      else local.signal.addEventListener('abort', stopped, { once: true });
    }),
  ];
  const timeout = plan.timeoutSeconds;
  if (timeout !== undefined) {
    racers.push(
      clock.sleepUntil(started + timeout * 1000, local.signal).then(() => {
        throw new StatesError('States.Timeout', `Task did not finish within TimeoutSeconds (${timeout})`);
      }),
    );
  }
  const heartbeat = plan.heartbeatSeconds;
  if (heartbeat !== undefined) {
    racers.push(
      (async (): Promise<never> => {
        // A heartbeat moves lastBeat; the sleeper then wakes early, sees time left, and sleeps again.
        for (;;) {
          await clock.sleepUntil(lastBeat + heartbeat * 1000, local.signal);
          if (clock.nowMs() >= lastBeat + heartbeat * 1000) {
            throw new StatesError(
              'States.HeartbeatTimeout',
              `No heartbeat within HeartbeatSeconds (${heartbeat})`,
            );
          }
        }
      })(),
    );
  }
  try {
    // Promise.race subscribes to every racer, so the losers rejecting later is not unhandled.
    return await Promise.race(racers);
  } finally {
    local.abort();
    signal.removeEventListener('abort', release);
  }
}

export function lambdaParameters(input: unknown): { FunctionName: string; Payload: unknown } {
  const params = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
  if (typeof params.FunctionName !== 'string') {
    throw new StatesError('States.Runtime', 'lambda:invoke needs Parameters.FunctionName');
  }
  return { FunctionName: params.FunctionName, Payload: params.Payload };
}

/** What `arn:aws:states:::lambda:invoke` returns on AWS around the function's result. */
export function lambdaResponse(payload: unknown): Record<string, unknown> {
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'x-amzn-RequestId': [requestId] },
      HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` → ['lambda', 'invoke.waitForTaskToken']. */
export function splitResource(resource: string): [string, string] {
  const match = /^arn:aws[a-z-]*:states:::([^:]+):(.+)$/.exec(resource);
  return match ? [match[1]!, match[2]!] : ['lambda', resource];
}

export function replaceToken(value: unknown, placeholder: string, token: string): unknown {
  if (typeof value === 'string') return value.replaceAll(placeholder, () => token);
  if (Array.isArray(value)) return value.map((v) => replaceToken(v, placeholder, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceToken(v, placeholder, token)]),
    );
  }
  return value;
}
