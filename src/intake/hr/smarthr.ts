import {
  badSignature,
  header,
  type Notice,
  type NoticeKind,
  type Preset,
  recordOf,
  requireSecrets,
  sameSecret,
  stringOf,
} from './preset';

/**
 * SmartHR webhooks: the secret token set on the webhook comes back as the `X-SmartHR-Token` header (no
 * signature, no timestamp); the body carries the whole crew (従業員), so nothing is fetched. Custom fields
 * (`custom_fields`, each with its template's name) are read as `custom.<template name>`. docs/hr-sources.md "SmartHR".
 */
const EVENTS: Record<string, NoticeKind> = {
  crew_created: 'hire',
  crew_updated: 'update',
  crew_deleted: 'cancel',
};

export const smarthr: Preset = {
  label: 'SmartHR',
  ackDeadlineMs: 60_000,
  verify({ headers, secrets }) {
    const usable = requireSecrets(secrets);
    const received = header(headers, 'x-smarthr-token');
    if (!received) badSignature('the X-SmartHR-Token header is missing');
    for (const secret of usable) if (sameSecret(received, secret)) return;
    badSignature('X-SmartHR-Token does not match the source secret');
  },
  read(body): Notice {
    const event = recordOf(body);
    const type = stringOf(event?.event) ?? stringOf(event?.type) ?? '';
    const kind = EVENTS[type];
    const crew = recordOf(event?.crew) ?? recordOf(event?.data);
    const employeeId = stringOf(crew?.id);
    if (!kind || !crew || !employeeId) return { kind: 'ignore', event: type || 'unknown' };
    return { kind, event: type, employeeId, person: withCustomFields(crew) };
  },
  defaultMapping: {
    givenName: 'first_name',
    familyName: 'last_name',
    email: 'email',
    startDate: 'entered_at',
  },
};

function withCustomFields(crew: Record<string, unknown>): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  for (const field of Array.isArray(crew.custom_fields) ? crew.custom_fields : []) {
    const item = recordOf(field);
    const name = stringOf(recordOf(item?.template)?.name);
    if (name) custom[name] = item?.value;
  }
  return { ...crew, custom };
}
