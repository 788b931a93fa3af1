import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';

/**
 * What Lambda does to a function at its timeout, for handlers that share this one process: once an
 * invocation's deadline passes, nothing it does reaches another service. Each invocation runs with its own
 * AbortSignal (AsyncLocalStorage follows it through every await, timer and callback of the handler); every
 * outbound HTTP request it makes (`http.request`, `https.request`, `fetch`: the AWS SDK clients, the HR
 * vendors' APIs) is bound to that signal. At the timeout the requests in flight are destroyed, and a request
 * started later is destroyed before it is sent. Code outside an invocation (tests, the local services) is
 * untouched. The handler's own JavaScript may still run on; only its effects are cut off.
 */
interface Invocation {
  functionName: string;
  signal: AbortSignal;
}

const invocations = new AsyncLocalStorage<Invocation>();

/** The error a stopped invocation's outbound calls fail with (never seen by a caller of the function). */
export class SandboxStoppedError extends Error {
  override name = 'SandboxStopped';
}

/** Runs one invocation's handler bound to `signal`; abort it with a SandboxStoppedError at the timeout. */
export function runInSandbox<T>(
  functionName: string,
  signal: AbortSignal,
  body: () => Promise<T>,
): Promise<T> {
  installOnce();
  return invocations.run({ functionName, signal }, body);
}

/** The timeout: every call of the invocation in flight is cut, and every later one refused. */
export function stopSandbox(controller: AbortController, functionName: string): void {
  controller.abort(new SandboxStoppedError(`${functionName} timed out: its sandbox makes no more calls`));
}

/** Ties a request made inside an invocation to its signal: destroyed now if stopped, else when it stops. */
function bind(req: http.ClientRequest): http.ClientRequest {
  const invocation = invocations.getStore();
  if (!invocation) return req;
  const { signal } = invocation;
  if (signal.aborted) {
    // Destroyed before its socket is attached: not a byte of it is written.
    req.destroy(signal.reason as Error);
    return req;
  }
  const stop = () => req.destroy(signal.reason as Error);
  signal.addEventListener('abort', stop, { once: true });
  req.once('close', () => signal.removeEventListener('abort', stop));
  return req;
}

let installed = false;

function installOnce(): void {
  if (installed) return;
  installed = true;
  for (const mod of [http, https] as const) {
    const request = mod.request;
    const get = mod.get;
    // The SDK's Node handler reads `request` off the module when it builds its agent; the named ESM
    // exports are synced below for code that imported them.
    mod.request = ((...args: Parameters<typeof http.request>) =>
      bind(request(...args))) as typeof mod.request;
    mod.get = ((...args: Parameters<typeof http.get>) => bind(get(...args))) as typeof mod.get;
  }
  syncBuiltinESMExports();
  const fetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const invocation = invocations.getStore();
    if (!invocation) return fetch(input, init);
    const { signal } = invocation;
    if (signal.aborted) return Promise.reject(signal.reason);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  };
}
