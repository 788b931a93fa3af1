import type { TokenBucket } from '../../kernel/token-bucket';

/**
 * Every WorkSpaces call of one Region goes through `call`: it waits for the budget's token bucket, then
 * counts the call by operation (what a scheduled run reports as its API cost).
 */
export function pacedCalls(bucket: TokenBucket) {
  const counts: Record<string, number> = {};
  return {
    async call<T>(name: string, send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      await bucket.take();
      // A caller that gave up while waiting for the budget spends none of it.
      signal?.throwIfAborted();
      counts[name] = (counts[name] ?? 0) + 1;
      return send();
    },
    calls: (): Record<string, number> => ({ ...counts }),
  };
}
