import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { systemClockOffsetMs } from '../src/kernel/clock';
import type { LocalClock } from './clock';
import { clockMovedInThread, invokeInThread, loadInThread } from './function-thread-client';
import type { FunctionSpec } from './serverless-config';

/**
 * Runs the functions of serverless.yml with Lambda-shaped context objects, in a thread of their own beside
 * the emulators' (local/function-thread.ts), as Lambda runs them on CPUs of their own. Each handler module
 * is imported once (its module scope is the "cold start", outside the invocation's time), like a warm Lambda
 * container: the TypeScript source, or in bundled mode the shipped `.mjs` (`moduleFiles`, built by
 * local/bundles.ts). A thrown error keeps its name, which Step Functions uses as the error name for Retry
 * and Catch, its message and its plain fields.
 */

export interface InvokeStats {
  invocations: Record<string, number>;
  errors: Record<string, number>;
  billedMs: Record<string, number>;
}

export interface LocalLambdas {
  specs: FunctionSpec[];
  byKey(key: string): FunctionSpec;
  /** Accepts a function key, name or ARN (Step Functions passes ARNs, the HTTP API keys). */
  invoke(ref: string, event: unknown): Promise<unknown>;
  stats(): InvokeStats;
  resetStats(): void;
  /** Invocations running now (waiting for a container included). */
  running(): number;
}

export class FunctionNotFoundError extends Error {
  override name = 'ResourceNotFoundException';
}

export class LambdaTimeoutError extends Error {
  override name = 'Sandbox.Timedout';
}

/**
 * On AWS every concurrent invocation has a container (and a CPU share) of its own; here they all share the
 * functions' thread. Beyond this many invocations of one function at once, the next waits for one to end, as a
 * request waits for a container: its time (and its timeout) counts from its start, so a burst of a thousand
 * deliveries is answered late rather than timed out by the work of the others. Enough that invocations
 * waiting for their SES second (up to 5 s) still keep a 50-a-second send rate busy.
 */
export const LOCAL_CONTAINERS_PER_FUNCTION = 256;

export function createLocalLambdas(
  root: string,
  specs: FunctionSpec[],
  opts: {
    region: string;
    onError?: (fn: string, err: unknown) => void;
    /** Function key → the module to import instead of its TypeScript source (bundled mode's `.mjs`). */
    moduleFiles?: Record<string, string>;
    /** The local clock: when it moves, the functions' product clock moves with it. */
    clock?: Pick<LocalClock, 'onAdvance'>;
  },
): LocalLambdas {
  opts.clock?.onAdvance(() => clockMovedInThread(systemClockOffsetMs()));
  const modules = new Map<string, Promise<{ file: string; exportName: string }>>();
  const concurrency = new Map<string, number>();
  const containers = new Map<string, { busy: number; waiting: (() => void)[] }>();
  const takeContainer = async (key: string) => {
    const pool = containers.get(key) ?? { busy: 0, waiting: [] };
    containers.set(key, pool);
    if (pool.busy >= LOCAL_CONTAINERS_PER_FUNCTION) await new Promise<void>((r) => pool.waiting.push(r));
    else pool.busy++;
  };
  // A freed container goes straight to the longest waiting invocation (first come, first served).
  const freeContainer = (key: string) => {
    const pool = containers.get(key)!;
    const next = pool.waiting.shift();
    if (next) next();
    else pool.busy--;
  };
  let stats: InvokeStats = { invocations: {}, errors: {}, billedMs: {} };

  const find = (ref: string): FunctionSpec => {
    const spec = specs.find(
      (s) => s.key === ref || s.name === ref || s.arn === ref || ref.endsWith(`:${s.name}`),
    );
    if (!spec) throw new FunctionNotFoundError(`Function not found: ${ref}`);
    return spec;
  };

  const load = (spec: FunctionSpec): Promise<{ file: string; exportName: string }> => {
    let loaded = modules.get(spec.key);
    if (!loaded) {
      const dot = spec.handler.lastIndexOf('.');
      const file = opts.moduleFiles?.[spec.key] ?? join(root, `${spec.handler.slice(0, dot)}.ts`);
      const exportName = spec.handler.slice(dot + 1);
      loaded = loadInThread(file, exportName).then(() => ({ file, exportName }));
      // A module that failed to load is tried again by the next invocation, as a failed init is.
      loaded.catch(() => modules.delete(spec.key));
      modules.set(spec.key, loaded);
    }
    return loaded;
  };

  return {
    specs,
    byKey: find,
    async invoke(ref, event) {
      const spec = find(ref);
      const handler = await load(spec);
      const limit = spec.reservedConcurrency;
      const running = concurrency.get(spec.key) ?? 0;
      if (limit !== undefined && running >= limit) {
        const err = new Error(`Rate Exceeded: ${spec.name} is at its reserved concurrency of ${limit}`);
        err.name = 'TooManyRequestsException';
        throw err;
      }
      concurrency.set(spec.key, running + 1);
      stats.invocations[spec.key] = (stats.invocations[spec.key] ?? 0) + 1;
      await takeContainer(spec.key);
      const started = performance.now();
      const deadlineMs = Date.now() + spec.timeoutSeconds * 1000;
      let timer: NodeJS.Timeout | undefined;
      try {
        // At the timeout Lambda stops the function: its pending and later calls to other services never
        // happen (local/sandbox.ts), and the caller is told Sandbox.Timedout. Inside the try: an event that
        // cannot cross to the thread fails this invocation and still frees its container.
        const run = invokeInThread({
          ...handler,
          event,
          context: lambdaContext(spec, opts.region),
          deadlineMs,
          clockOffsetMs: systemClockOffsetMs(),
        });
        // What the stopped handler does next is nobody's answer.
        run.answer.catch(() => undefined);
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            run.stop();
            reject(new LambdaTimeoutError(`Task timed out after ${spec.timeoutSeconds}.00 seconds`));
          }, spec.timeoutSeconds * 1000);
        });
        return await Promise.race([run.answer, timeout]);
      } catch (err) {
        stats.errors[spec.key] = (stats.errors[spec.key] ?? 0) + 1;
        opts.onError?.(spec.key, err);
        throw err;
      } finally {
        clearTimeout(timer);
        freeContainer(spec.key);
        concurrency.set(spec.key, (concurrency.get(spec.key) ?? 1) - 1);
        const ms = Math.ceil(performance.now() - started);
        stats.billedMs[spec.key] = (stats.billedMs[spec.key] ?? 0) + ms;
      }
    },
    stats: () => structuredClone(stats),
    running: () => [...concurrency.values()].reduce((sum, n) => sum + n, 0),
    resetStats() {
      stats = { invocations: {}, errors: {}, billedMs: {} };
    },
  };
}

function lambdaContext(spec: FunctionSpec, region: string) {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: spec.arn,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `local/${region}/${requestId}`,
  };
}
