import { setMaxListeners } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { shiftSystemClock, systemClockOffsetMs } from '../src/kernel/clock';
import { runInSandbox, stopSandbox } from './sandbox';

/**
 * The local functions' thread (local/lambdas.ts starts it): every handler module is imported and run here,
 * beside the thread that runs the emulators, as Lambda runs a function on a CPU of its own. Messages in:
 * `load` (a module's cold start), `invoke`, `stop` (the timeout: local/sandbox.ts cuts the invocation's
 * calls), `clock` (the local clock moved). Messages out: `loaded` and `done`, with the value or the
 * error's name, message and fields.
 */
/** One invocation: the handler, its event, the context's fields, when it is stopped, the clock then. */
export interface InvokeRequest {
  file: string;
  exportName: string;
  event: unknown;
  context: Omit<Context, 'getRemainingTimeInMillis' | 'done' | 'fail' | 'succeed'>;
  deadlineMs: number;
  clockOffsetMs: number;
}

export type ThreadRequest =
  | { type: 'load'; id: number; file: string; exportName: string }
  | ({ type: 'invoke'; id: number } & InvokeRequest)
  | { type: 'stop'; id: number; functionName: string }
  | { type: 'clock'; offsetMs: number };

export interface ThrownError {
  name: string;
  message: string;
  stack?: string | undefined;
  fields: Record<string, unknown>;
}

export type ThreadAnswer =
  | { type: 'done'; id: number; ok: true; value: unknown }
  | { type: 'done'; id: number; ok: false; error: ThrownError };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const port = parentPort;
if (!port) throw new Error('local/function-thread.ts runs only as the functions’ worker thread');

const modules = new Map<string, Promise<Handler>>();
const running = new Map<number, AbortController>();

function load(file: string, exportName: string): Promise<Handler> {
  const key = `${file}#${exportName}`;
  let loaded = modules.get(key);
  if (!loaded) {
    loaded = import(pathToFileURL(file).href).then((mod) => {
      const fn = mod[exportName];
      if (typeof fn !== 'function') throw new Error(`${file} does not export ${exportName}()`);
      return fn as Handler;
    });
    modules.set(key, loaded);
  }
  return loaded;
}

/** The handlers read the product clock's offset (src/kernel/clock.ts): it follows the emulators' clock. */
function followClock(offsetMs: number) {
  const behind = offsetMs - systemClockOffsetMs();
  if (behind > 0) shiftSystemClock(behind);
}

/** An error as the invoker rebuilds it: its name (Step Functions matches it), message, stack, own fields. */
function thrown(err: unknown): ThrownError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A field that cannot cross threads (a socket, a function) stays behind.
    }
  }
  return { name: err.name, message: err.message, stack: err.stack, fields };
}

function answer(message: ThreadAnswer) {
  try {
    port!.postMessage(message);
  } catch (err) {
    // A value that cannot cross threads is the function's error, as a value Lambda cannot serialize is.
    port!.postMessage({ type: 'done', id: message.id, ok: false, error: thrown(err) } satisfies ThreadAnswer);
  }
}

port.on('message', (msg: ThreadRequest) => {
  if (msg.type === 'clock') {
    followClock(msg.offsetMs);
    return;
  }
  if (msg.type === 'stop') {
    const sandbox = running.get(msg.id);
    if (sandbox) stopSandbox(sandbox, msg.functionName);
    return;
  }
  if (msg.type === 'load') {
    load(msg.file, msg.exportName).then(
      () => answer({ type: 'done', id: msg.id, ok: true, value: undefined }),
      (err: unknown) => answer({ type: 'done', id: msg.id, ok: false, error: thrown(err) }),
    );
    return;
  }
  followClock(msg.clockOffsetMs);
  const sandbox = new AbortController();
  // Every outbound request of the invocation listens on this one signal (a provisioner run writes 25 hires
  // at once): no listener limit, each request removes its own when it ends.
  setMaxListeners(0, sandbox.signal);
  running.set(msg.id, sandbox);
  const context: Context = {
    ...msg.context,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  load(msg.file, msg.exportName)
    .then((handler) =>
      runInSandbox(msg.context.functionName, sandbox.signal, () => handler(msg.event, context)),
    )
    .then(
      (value) => answer({ type: 'done', id: msg.id, ok: true, value }),
      (err: unknown) => answer({ type: 'done', id: msg.id, ok: false, error: thrown(err) }),
    )
    .finally(() => running.delete(msg.id));
});
