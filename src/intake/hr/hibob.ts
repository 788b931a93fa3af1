import {
  badSignature,
  credentialPair,
  getJson,
  header,
  hmac,
  type Notice,
  type NoticeKind,
  type Preset,
  recordOf,
  requireSecrets,
  sameSecret,
  stringOf,
} from './preset';

/**
 * HiBob (Bob) webhooks v2: `Bob-Signature` is the Base64 HMAC-SHA512 of the body under the webhook's
 * secret (no timestamp is signed, so there is no freshness to check); the payload carries the employee's
 * id only, so the person is read from Bob's API with a service user. docs/hr-sources.md "HiBob".
 */
const EVENTS: Record<string, NoticeKind> = {
  'employee.created': 'hire',
  'employee.joined': 'hire',
  'employee.updated': 'update',
  'employee.deleted': 'cancel',
};

/**
 * The field ids to ask Bob for: its id and every field the mapping reads. Bob answers a default set of
 * fields when none are named, and custom fields only when named. A field's id is its JSON path, with
 * `root.` before a top-level one (metadata: id `root.email`, jsonPath `email`; `home.mobilePhone` both).
 */
export function hibobFields(mapping: Record<string, string>): string[] {
  const paths = ['id', ...Object.values(mapping)];
  return [...new Set(paths.map((path) => (path.includes('.') ? path : `root.${path}`)))];
}

export const hibob: Preset = {
  label: 'HiBob',
  ackDeadlineMs: 10_000,
  defaultApiUrl: 'https://api.hibob.com',
  isPing(rawBody) {
    const text = rawBody.toString('utf8').trim();
    return text === 'Ping test' || text === '{"text":"Ping test"}';
  },
  verify({ headers, rawBody, secrets }) {
    const usable = requireSecrets(secrets);
    const received = header(headers, 'bob-signature');
    if (!received) badSignature('the Bob-Signature header is missing');
    for (const secret of usable) {
      if (sameSecret(received, hmac('sha512', secret, rawBody).toString('base64'))) return;
    }
    badSignature('Bob-Signature does not match the source secret');
  },
  read(body): Notice {
    const event = recordOf(body);
    const type = stringOf(event?.type) ?? '';
    const kind = EVENTS[type];
    const data = recordOf(event?.data);
    const employeeId = stringOf(data?.employeeId) ?? stringOf(data?.id);
    if (!kind || !employeeId) return { kind: 'ignore', event: type || 'unknown' };
    return { kind, event: type, employeeId };
  },
  async fetchPerson(api, employeeId, mapping) {
    const [user, token] = credentialPair(api.credentials, 'SERVICE-USER-ID:TOKEN');
    return getJson(api, `v1/people/${encodeURIComponent(employeeId)}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ fields: hibobFields(mapping), humanReadable: 'REPLACE' }),
    });
  },
  personIdPath: 'id',
  defaultMapping: {
    givenName: 'firstName',
    familyName: 'surname',
    email: 'email',
    startDate: 'work.startDate',
    department: 'work.department',
    jobTitle: 'work.title',
  },
};
