import { createHash } from 'node:crypto';
import type { HrSourceConfig } from '../kernel/config/config';
import type { FieldError } from '../kernel/errors';
import { HIRE_EVENT_TYPE, hireIdFor } from '../kernel/hire/hire';
import { log } from '../kernel/log';
import { acceptHire } from './accept-hire';
import { findHire } from './hire-lookup';
import { mapPerson, mappingOf, PRESETS, valueAt } from './hr/index';
import type { Notice, PersonApi } from './hr/preset';
import { HIRE_CANCELLED_TYPE, HIRE_UPDATED_TYPE } from './hr-event';
import { UNMAPPED_ALERT_KEY } from './hr-record-incomplete';
import type { AcceptResult, VendorHireDeps } from './ports';

export type VendorResult =
  | AcceptResult
  | { outcome: 'unmapped'; hireId: string; errors: FieldError[]; alerted: boolean }
  | { outcome: 'mismatched'; hireId: string; alerted: boolean };

/** What is kept back from the vendor's deadline for our own work after its API answered. */
const DEADLINE_MARGIN_MS = 1_000;

/**
 * A verified notification from an HR system's preset adapter (functions/hr-adapter): the person is read
 * (from the notification, or from the vendor's API when it carries only ids), mapped to our hire, and then
 * takes exactly the path of a Standard Webhooks delivery (acceptHire), under the source's name: hire id
 * `<source>-<employee id>`, the same answers, the same history.
 *
 * A fetched record that names another employee (or none) is refused (502, so the vendor delivers again) and
 * the admins are told once per employee; nothing of it is stored.
 *
 * A record that lacks a field we need is refused (400 naming it) and the admins are told once per employee
 * (the send-once ledger). HR fixing the record sends an update; an update for an employee we refused this
 * way is then taken as the hire it should have been (otherwise an update for someone never hired through
 * us is ignored, as on /webhooks/hr).
 */
export async function acceptVendorHire(
  deps: VendorHireDeps,
  input: { source: HrSourceConfig; notice: Exclude<Notice, { kind: 'ignore' }>; rawBody: Buffer },
): Promise<VendorResult> {
  const { source, notice, rawBody } = input;
  const preset = PRESETS[source.preset];
  const known =
    notice.kind === 'update' ? await findHire(deps.hires, source.name, notice.employeeId) : undefined;
  const hireId = known?.hireId ?? hireIdFor(source.name, notice.employeeId);
  const webhookId = `${source.name}:${notice.deliveryId ?? createHash('sha256').update(rawBody).digest('base64url')}`;
  const deliver = (type: string, data: Record<string, string>) =>
    acceptHire(deps, {
      webhookId,
      rawBody,
      body: { type, data },
      source: source.name,
      detail: { source: source.name, event: notice.event },
    });

  if (notice.kind === 'cancel') return deliver(HIRE_CANCELLED_TYPE, { employeeId: notice.employeeId });

  let type = notice.kind === 'hire' ? HIRE_EVENT_TYPE : HIRE_UPDATED_TYPE;
  if (notice.kind === 'update' && !known) {
    // Updates of every employee reach us; only one whose hire we refused for a missing field is read.
    const refused = (await deps.ledger.entries(hireId)).some((e) => e.ledgerKey === UNMAPPED_ALERT_KEY);
    if (!refused) return { outcome: 'ignored', type: notice.event, reason: 'unknown employee' };
    type = HIRE_EVENT_TYPE;
  }

  const person = notice.person ?? (await fetchPerson(deps, source, notice.employeeId));
  if (!person) {
    log.warn('hr person not found', { source: source.name, hireId, event: notice.event });
    return { outcome: 'ignored', type: notice.event, reason: `${preset.label} does not know this person` };
  }
  const recordId = !notice.person && preset.personIdPath ? valueAt(person, preset.personIdPath) : undefined;
  if (!notice.person && preset.personIdPath && recordId !== notice.employeeId) {
    // Another person's record must never be stored under this employee's hire id: nothing is kept, the
    // vendor is answered 502 and delivers again, and the admins are told once.
    const { refuseMismatch } = await import('./hr-record-mismatch');
    return refuseMismatch(deps, { source, notice, hireId, recordId });
  }
  const { data, missing } = mapPerson(source, notice.employeeId, person);
  if (missing.length > 0) {
    // Rare, and the only path that renders email: loaded on first use (docs/decisions.md "Cold start").
    const { refuseIncomplete } = await import('./hr-record-incomplete');
    return refuseIncomplete(deps, { source, notice, hireId, missing });
  }
  return deliver(type, data);
}

async function fetchPerson(deps: VendorHireDeps, source: HrSourceConfig, employeeId: string) {
  const preset = PRESETS[source.preset];
  if (!preset.fetchPerson) return undefined;
  const { baseUrl, credentials } = await deps.hrApi.connection(source);
  const api: PersonApi = {
    baseUrl,
    credentials,
    fetch: deps.hrApi.fetch,
    signal: AbortSignal.timeout(Math.max(preset.ackDeadlineMs - DEADLINE_MARGIN_MS, 500)),
  };
  return preset.fetchPerson(api, employeeId, mappingOf(source) as Record<string, string>);
}
