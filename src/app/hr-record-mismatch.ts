import type { HrSourceConfig } from '../config/config';
import { renderAlertEmail } from '../email/alerts';
import { PRESETS } from '../hr/index';
import type { Notice } from '../hr/preset';
import { log } from '../log';
import { MISMATCH_ALERT_KEY, type VendorHireDeps } from './accept-vendor-hire';
import { alertAdmins } from './alert-admins';
import { adminEmailContext } from './email-context';

/**
 * A vendor's API answered with a record that names another employee (or none) than the one the notification
 * is about: nothing is stored, and the admins are told once per employee however often the vendor retries.
 */
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
  const email = renderAlertEmail('alert-hr', adminEmailContext(deps.config), {
    hire: { hireId, employeeId: notice.employeeId, stage: '-' },
    what: 'HrRecordMismatch',
    facts: { source: label, event: notice.event, recordId: recordId ?? 'none', hireId },
  });
  const alerted = await alertAdmins(deps, hireId, MISMATCH_ALERT_KEY, email);
  log.error('hr record of another employee', { source: source.name, hireId, alerted });
  return { outcome: 'mismatched', hireId, alerted };
}
