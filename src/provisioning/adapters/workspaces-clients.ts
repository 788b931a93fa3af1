import { WorkSpacesClient } from '@aws-sdk/client-workspaces';

// One client per Region and retry rule for the container's lifetime ('' is the deployment's own Region).
const sharedClients = new Map<string, WorkSpacesClient>();
// Adaptive retries slow down further when throttled by someone else's traffic.
export const RETRIED = { maxAttempts: 8, retryMode: 'adaptive' } as const;
// Three tries with the standard mode's jittered back-off, and no client-side rate limiter delaying them
// (the adaptive mode has one): the caller's deadline cuts whatever is left.
export const WITHIN_DEADLINE = { maxAttempts: 3, retryMode: 'standard' } as const;
/** The container's client for a Region and retry rule, made on first use. */
export function sharedClient(
  region: string | undefined,
  retries: typeof RETRIED | typeof WITHIN_DEADLINE = RETRIED,
): WorkSpacesClient {
  const key = `${region ?? ''}#${retries.maxAttempts}`;
  let client = sharedClients.get(key);
  if (!client) {
    client = new WorkSpacesClient({ ...retries, ...(region ? { region } : {}) });
    sharedClients.set(key, client);
  }
  return client;
}
