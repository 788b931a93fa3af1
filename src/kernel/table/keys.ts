import type { HireRecord } from '../hire/record';
import { claimNameKeys, userNameKey } from '../hire/user-name';

/**
 * Every key of the single table, built by pure functions so tests and the sweep agree on the layout.
 *
 *   HIRE#<hireId>     HIRE                       the hire (workPk/workSk while the provisioner has work)
 *   HIRE#<hireId>     EVENT#<iso time>#<rand>    history, oldest first
 *   HIRE#<hireId>     EMAIL#<ledger key>         one item per email ever sent: the send-once ledger
 *   WEBHOOK#<id>      WEBHOOK                    a delivery already seen (TTL a week)
 *   SETUP#<sha256>    SETUP                      a password setup token, by hash only (TTL at expiry)
 *   WORKSPACE#<id>    WORKSPACE                  which hire a WorkSpace belongs to (login events name only the WorkSpace)
 *   USER#<dir>#<name> USER                       which hire holds a user name in a directory (lowercased name)
 *   NETWORK#allowlist SEEN                       the firewall rules the allowlist watch saw last (gzip'd keys)
 *   HIRE#allowlist_watch EMAIL#<ledger key>      the send-once ledger of the watch's emails (no hire item:
 *                                                a hire id always has a "-", this one has none)
 *   HIRE#ses_quota    EMAIL#<ledger key>         the send-once ledger of the SES quota alert (one a day)
 *   SESRATE#<second>  SLOT                       SES recipients booked in one second of real time (TTL an hour)
 *   SESQUOTA          QUOTA                      the room left in SES's 24-hour quota, set from GetAccount
 *
 * Indexes: `work` (provisioner queues), `due` (reminders), `stage` (admin lists: stage + updatedAt),
 * `watch` (the reconciler: hires whose stage should have moved by `watchAt`).
 */
export const hireKey = (hireId: string) => ({ pk: `HIRE#${hireId}`, sk: 'HIRE' });
export const hireEventKey = (hireId: string, at: string, suffix: string) => ({
  pk: `HIRE#${hireId}`,
  sk: `EVENT#${at}#${suffix}`,
});
export const emailLedgerKey = (hireId: string, ledgerKey: string) => ({
  pk: `HIRE#${hireId}`,
  sk: `EMAIL#${ledgerKey}`,
});
export const setupTokenKey = (tokenHash: string) => ({ pk: `SETUP#${tokenHash}`, sk: 'SETUP' });
export const sendSlotKey = (second: number) => ({ pk: `SESRATE#${second}`, sk: 'SLOT' });
export const sendQuotaKey = () => ({ pk: 'SESQUOTA', sk: 'QUOTA' });
export const webhookKey = (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'WEBHOOK' });

/** The sparse `work` index: partition per provisioner queue, sorted by when the work is due. */
export const WORK_INDEX = 'work';
export type WorkQueueName = 'QUEUED' | 'PROVISIONING';
export const workKey = (queue: WorkQueueName, dueAt: string, hireId: string) => ({
  workPk: queue,
  workSk: `${dueAt}#${hireId}`,
});

/**
 * The `stage` index: keyed on the hire item's own `stage` and `updatedAt`, which only hire items carry
 * both of (history items have `at`), so it is sparse without extra attributes and lists a stage newest first.
 */
export const STAGE_INDEX = 'stage';

/** The sparse `due` index: hire items with a reminder or escalation still to come, by when it is due. */
export const DUE_INDEX = 'due';
export const DUE_PARTITION = 'DUE';
export const dueKey = (dueAt: string) => ({ duePk: DUE_PARTITION, dueAt });

/**
 * The sparse `ready` index: hire items whose readiness check (src/tracking/readiness.ts) is still to go out,
 * by when it is due. Keys only: the check re-reads the hire.
 */
export const READY_INDEX = 'ready';
export const READY_PARTITION = 'READY';
export const readyKey = (readyAt: string) => ({ readyPk: READY_PARTITION, readyAt });

/**
 * The sparse `watch` index: hire items whose stage has an expected next move (RECEIVED, QUEUED,
 * PROVISIONING), by when the reconciler should look (src/kernel/hire/watched-stages.ts). Keys only: it re-reads the hire.
 */
export const WATCH_INDEX = 'watch';
export const WATCH_PARTITION = 'WATCH';
export const watchKey = (watchAt: string) => ({ watchPk: WATCH_PARTITION, watchAt });

/** `HIRE#<hireId>` → the hire id. */
export const hireIdOfKey = (pk: string): string => pk.slice('HIRE#'.length);

export const workspaceKey = (workspaceId: string) => ({ pk: `WORKSPACE#${workspaceId}`, sk: 'WORKSPACE' });

/** The user-name claim: one hire per directory account (the name folded as AD compares it, userNameKey). */
export const userNameClaimKey = (directoryId: string, userName: string) => ({
  pk: `USER#${directoryId}#${userNameKey(userName)}`,
  sk: 'USER',
});

/** Every key a claim on this name may be under: the folded one, and the lower-cased one of older claims. */
export const userNameClaimKeys = (directoryId: string, userName: string) =>
  claimNameKeys(userName).map((key) => ({ pk: `USER#${directoryId}#${key}`, sk: 'USER' }));

export const allowlistSeenKey = () => ({ pk: 'NETWORK#allowlist', sk: 'SEEN' });

export const HISTORY_PREFIX = 'EVENT#';
export const LEDGER_PREFIX = 'EMAIL#';

/** Key and index attributes of a hire item that are not part of the hire record. */
const INDEX_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'workPk',
  'workSk',
  'duePk',
  'dueAt',
  'watchPk',
  'watchAt',
  'expiresAt',
]);

/** A stored hire item as the record the domain sees (keys and sparse-index attributes dropped). */
export function hireFromItem(item: Record<string, unknown>): HireRecord {
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!INDEX_ATTRIBUTES.has(k)) record[k] = v;
  return record as unknown as HireRecord;
}
