import { readFile } from 'node:fs/promises';
import { IpRangesFormatError, TransientError } from '../../kernel/errors';
import { IP_RANGES_URL } from '../ip-ranges';

/**
 * Where the watch reads ip-ranges.json: AWS's published file, or (the local cloud) the file named by
 * `IP_RANGES_FILE`, which a person can swap to watch the watch work. A failed read is transient: the next
 * day's run reads again.
 */
export function ipRangesSource(
  env: Record<string, string | undefined> = process.env,
): () => Promise<unknown> {
  const file = env.IP_RANGES_FILE?.trim();
  if (file) {
    return async () => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new TransientError(`cannot read IP_RANGES_FILE ${file}`, { cause: err });
      }
      return parseJson(text, file);
    };
  }
  return async () => {
    let res: Response;
    try {
      res = await fetch(IP_RANGES_URL, { signal: AbortSignal.timeout(20_000) });
    } catch (err) {
      throw new TransientError(`GET ${IP_RANGES_URL} failed`, { cause: err });
    }
    if (!res.ok) throw new TransientError(`GET ${IP_RANGES_URL}: HTTP ${res.status}`);
    return parseJson(await res.text(), IP_RANGES_URL);
  };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new IpRangesFormatError(`${source} is not JSON: ${(err as Error).message}`);
  }
}

/**
 * `read`, remembered for `ttlMs` in this container: the public network page should not download a few MB
 * for every visit (AWS updates the file a few times a week). Callers at the same time share one read; a
 * failed read is not remembered.
 */
export function cachedFor<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now) {
  let kept: { at: number; value: Promise<T> } | undefined;
  return (): Promise<T> => {
    if (kept && now() - kept.at < ttlMs) return kept.value;
    const value = read();
    const entry = { at: now(), value };
    kept = entry;
    value.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return value;
  };
}
