/**
 * Every key of the single table, built by pure functions so tests and the sweep agree on the layout.
 *
 *   HIRE#<hireId>     HIRE                       the hire (workPk/workSk while the provisioner has work)
 *   HIRE#<hireId>     EVENT#<iso time>#<rand>    history, oldest first
 *   HIRE#<hireId>     EMAIL#<ledger key>         one item per email ever sent: the send-once ledger
 *   WEBHOOK#<id>      WEBHOOK                    a delivery already seen (TTL a week)
 *   SETUP#<sha256>    SETUP                      a password setup token, by hash only (TTL at expiry)
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
export const webhookKey = (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'WEBHOOK' });

/** The sparse `work` index: partition per provisioner queue, sorted by when the work is due. */
export const WORK_INDEX = 'work';
export type WorkQueue = 'QUEUED' | 'PROVISIONING';
export const workKey = (queue: WorkQueue, dueAt: string, hireId: string) => ({
  workPk: queue,
  workSk: `${dueAt}#${hireId}`,
});

export const HISTORY_PREFIX = 'EVENT#';
export const LEDGER_PREFIX = 'EMAIL#';
