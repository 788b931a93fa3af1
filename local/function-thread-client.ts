import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { InvokeRequest, ThreadAnswer, ThreadRequest, ThrownError } from './function-thread';

/**
 * The emulators' side of the functions' thread (local/function-thread.ts): one thread for the process,
 * started at the first call and started again if it ever dies, sharing the process's environment variables
 * (the functions read their configuration from them). It keeps the process alive only while a call waits.
 */
interface Waiting {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

let worker: Worker | undefined;
const waiting = new Map<number, Waiting>();
let nextId = 1;

function thread(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./function-thread-boot.mjs', import.meta.url), {
    execArgv: [],
    env: SHARE_ENV,
  });
  started.unref();
  const lost = (err: Error) => {
    if (worker === started) worker = undefined;
    for (const [id, call] of waiting) {
      waiting.delete(id);
      call.reject(err);
    }
  };
  started.on('message', (msg: ThreadAnswer) => {
    const call = waiting.get(msg.id);
    if (!call) return;
    waiting.delete(msg.id);
    if (waiting.size === 0) started.unref();
    if (msg.ok) call.resolve(msg.value);
    else call.reject(rebuilt(msg.error));
  });
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`the local functions' thread exited (code ${code})`)));
  worker = started;
  return started;
}

/** The error as the function threw it, as far as a name, a message, a stack and plain fields carry it. */
function rebuilt(thrown: ThrownError): Error {
  const err = Object.assign(new Error(thrown.message), thrown.fields);
  err.name = thrown.name;
  if (thrown.stack) err.stack = thrown.stack;
  return err;
}

type Call = Extract<ThreadRequest, { id: number }>;
type CallWithoutId = Call extends infer C ? (C extends Call ? Omit<C, 'id'> : never) : never;

function call(request: CallWithoutId): { id: number; answer: Promise<unknown> } {
  const id = nextId++;
  const target = thread();
  try {
    // Throws (DataCloneError) for an event that cannot cross threads, before anything waits for it.
    target.postMessage({ ...request, id } as ThreadRequest);
  } catch (err) {
    throw new Error(`the event cannot be passed to the function: ${String(err)}`, { cause: err });
  }
  const answer = new Promise<unknown>((resolve, reject) => waiting.set(id, { resolve, reject }));
  target.ref();
  return { id, answer };
}

/** Imports a handler module in the thread (its cold start); rejects when it cannot be loaded. */
export function loadInThread(file: string, exportName: string): Promise<unknown> {
  return call({ type: 'load', file, exportName }).answer;
}

/** Runs one invocation in the thread; `stop` is Lambda's timeout (its later calls are cut off). */
export function invokeInThread(request: InvokeRequest): { answer: Promise<unknown>; stop: () => void } {
  const { id, answer } = call({ type: 'invoke', ...request });
  return {
    answer,
    stop: () => worker?.postMessage({ type: 'stop', id, functionName: request.context.functionName }),
  };
}

/** The local clock moved: the functions' product clock follows at once. */
export function clockMovedInThread(offsetMs: number): void {
  worker?.postMessage({ type: 'clock', offsetMs } satisfies ThreadRequest);
}
