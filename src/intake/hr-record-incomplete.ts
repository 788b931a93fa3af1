import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import type { HrSourceConfig } from '../kernel/config/config';
import { adminEmailContext } from '../kernel/email/context';
import type { FieldError } from '../kernel/errors';
import { log } from '../kernel/log';
import { type MissingField, PRESETS } from './hr/index';
import type { Notice } from './hr/preset';
import type { VendorHireDeps } from './ports';

/**
 * A vendor's person record lacks a field a hire needs: refused (400 naming each field and where we looked)
 * and the admins told once per employee. Nothing else is stored.
 */
/** The send-once ledger key of that alert: one per employee, however often the vendor sends the record. */
export const UNMAPPED_ALERT_KEY = 'alert-hr#unmapped';

export async function refuseIncomplete(
  deps: VendorHireDeps,
  {
    source,
    notice,
    hireId,
    missing,
  }: {
    source: HrSourceConfig;
    notice: Notice & { employeeId: string };
    hireId: string;
    missing: MissingField[];
  },
): Promise<{ outcome: 'unmapped'; hireId: string; errors: FieldError[]; alerted: boolean }> {
  const label = PRESETS[source.preset].label;
  const errors = missing.map(({ field, path }) => ({
    field: `data.${field}`,
    message: path
      ? `is required: ${label} field ${path} is empty or missing`
      : `is required: map it to a ${label} field in sources[].mapping.${field} of the configuration`,
  }));
  const fields = missing.map(({ field, path }) => (path ? `${field} (${path})` : field)).join(', ');
  const email = await renderAlertEmail('alert-hr', adminEmailContext(deps.config), {
    hire: { hireId, employeeId: notice.employeeId, stage: '-' },
    what: 'HrRecordIncomplete',
    facts: { source: label, event: notice.event, fields, hireId },
  });
  const alerted = await alertAdmins(deps, hireId, UNMAPPED_ALERT_KEY, email);
  log.warn('hr record incomplete', {
    source: source.name,
    hireId,
    fields: missing.map((m) => m.field),
    alerted,
  });
  return { outcome: 'unmapped', hireId, errors, alerted };
}
