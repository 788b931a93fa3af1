import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import type { HrSourceConfig } from '../kernel/config/config';
import { adminEmailContext } from '../kernel/email/context';
import { log } from '../kernel/log';
import { PRESETS } from './hr/index';
import type { Notice } from './hr/preset';
import type { VendorHireDeps } from './ports';

/**
 * A vendor's API answered with a record that names another employee (or none) than the one the notification
 * is about: nothing is stored, and the admins are told once per employee however often the vendor retries.
 */
/** The send-once ledger key of the alert for a vendor API that answered with another employee's record. */
export const MISMATCH_ALERT_KEY = 'alert-hr#mismatch';

export async function refuseMismatch(
  deps: VendorHireDeps,
  {
    source,
    notice,
    hireId,
    recordId,
  }: {
    source: HrSourceConfig;
    notice: Notice & { employeeId: string };
    hireId: string;
    recordId: string | undefined;
  },
): Promise<{ outcome: 'mismatched'; hireId: string; alerted: boolean }> {
  const label = PRESETS[source.preset].label;
  const email = await renderAlertEmail('alert-hr', adminEmailContext(deps.config), {
    hire: { hireId, employeeId: notice.employeeId, stage: '-' },
    what: 'HrRecordMismatch',
    facts: { source: label, event: notice.event, recordId: recordId ?? 'none', hireId },
  });
  const alerted = await alertAdmins(deps, hireId, MISMATCH_ALERT_KEY, email);
  log.error('hr record of another employee', { source: source.name, hireId, alerted });
  return { outcome: 'mismatched', hireId, alerted };
}
