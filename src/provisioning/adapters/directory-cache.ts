import type { DirectoryInfo } from '../../kernel/hire/workspace';

/**
 * How long a directory lookup is reused. The registration code never changes, but how people sign in does
 * (an administrator turns SAML 2.0 on): a change reaches the invitations sent a minute later, at the cost
 * of one DescribeWorkspaceDirectories per directory and minute in a busy container.
 */
export const DIRECTORY_CACHE_MS = 60_000;
// Promises, not answers: invocations that start together share one call instead of each making their own.
const directoryCache = new Map<string, { at: number; lookup: Promise<DirectoryInfo | undefined> }>();

function forget(key: string, lookup: Promise<DirectoryInfo | undefined>) {
  if (directoryCache.get(key)?.lookup === lookup) directoryCache.delete(key);
}

/**
 * The directory lookup for `key` made at most once per DIRECTORY_CACHE_MS and shared by the invocations
 * that ask meanwhile. A lookup its caller may give up on (`abortable`) is shared only once answered; a
 * lookup that finds nothing or fails is forgotten, so the next call asks again.
 */
export function cachedDirectory(
  key: string,
  nowMs: number,
  abortable: boolean,
  load: () => Promise<DirectoryInfo | undefined>,
): Promise<DirectoryInfo | undefined> {
  const cached = directoryCache.get(key);
  if (cached && nowMs - cached.at < DIRECTORY_CACHE_MS) return cached.lookup;
  const lookup = load();
  if (abortable) {
    lookup.then(
      (directory) => directory && directoryCache.set(key, { at: nowMs, lookup }),
      () => undefined,
    );
    return lookup;
  }
  lookup.then(
    (directory) => directory || forget(key, lookup),
    () => forget(key, lookup),
  );
  directoryCache.set(key, { at: nowMs, lookup });
  return lookup;
}
