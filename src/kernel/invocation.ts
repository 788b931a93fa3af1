import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

/**
 * The running invocation's time left, for code far from the handler (the SES pace): an email must not book
 * a second its function stops before, or the attempt would end holding the email's claim. Kept per
 * invocation, not per container, so concurrent invocations of one module each see their own.
 */
const invocation = new AsyncLocalStorage<{ remainingMs: () => number }>();

/** Runs `body` as the invocation of `context` (a context without getRemainingTimeInMillis has no limit). */
export function inInvocation<T>(context: Partial<Context> | undefined, body: () => Promise<T>): Promise<T> {
  const remaining = context?.getRemainingTimeInMillis?.bind(context);
  if (!remaining) return body();
  return invocation.run({ remainingMs: remaining }, body);
}

/** Milliseconds before the running invocation is stopped; Infinity outside one (tests, scripts). */
export function invocationRemainingMs(): number {
  return invocation.getStore()?.remainingMs() ?? Number.POSITIVE_INFINITY;
}
