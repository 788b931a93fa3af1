import { vi } from 'vitest';

/**
 * Waits (vitest's `vi.waitFor`) until `check` returns a value, not undefined or false; a check that throws
 * is tried again. On time out the failure names what was awaited and what the last try saw.
 */
export function eventually<T>(
  check: () => Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const what = opts.what ?? 'a condition';
  return vi.waitFor(
    async () => {
      let value: T | undefined | false;
      try {
        value = await check();
      } catch (err) {
        throw new Error(`timed out waiting for ${what}; last: ${String(err)}`, { cause: err });
      }
      if (value === undefined || value === false) {
        throw new Error(`timed out waiting for ${what}; last: ${String(value)}`);
      }
      return value;
    },
    { timeout: opts.timeoutMs ?? 20_000, interval: opts.intervalMs ?? 50 },
  );
}
