import { HrApiError } from '../../kernel/errors';
import {
  badSignature,
  credentialPair,
  getJson,
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
 * Personio webhooks (API v2, dataless notifications): the body names the event and the ids only, so the
 * person is read from Personio's API (client credentials). Personio must be answered within 3 seconds.
 * Its public pages describe no signature we could check, so the webhook URL carries the source's secret
 * (`?token=`), compared in constant time; a forged notification could only make us read a real person
 * from Personio itself. docs/hr-sources.md "Personio".
 */
const EVENTS: Record<string, NoticeKind> = {
  'employment.created': 'hire',
  'employment.started': 'hire',
  'employment.updated': 'update',
  'employment.deleted': 'cancel',
};

export const personio: Preset = {
  label: 'Personio',
  ackDeadlineMs: 3_000,
  defaultApiUrl: 'https://api.personio.de',
  verify({ query, headers, secrets }) {
    const usable = requireSecrets(secrets);
    const received = query.token ?? header(headers, 'authorization')?.replace(/^Bearer\s+/i, '');
    if (!received) badSignature('the webhook URL has no ?token=');
    for (const secret of usable) if (sameSecret(received, secret)) return;
    badSignature('the token does not match the source secret');
  },
  read(body): Notice {
    const event = recordOf(body);
    const type = stringOf(event?.event_name) ?? '';
    const kind = EVENTS[type];
    const payload = recordOf(event?.payload);
    const employeeId = stringOf(payload?.person_id) ?? stringOf(payload?.id);
    if (!kind || !employeeId) return { kind: 'ignore', event: type || 'unknown' };
    return { kind, event: type, employeeId };
  },
  async fetchPerson(api, employeeId) {
    const [clientId, clientSecret] = credentialPair(api.credentials, 'CLIENT-ID:CLIENT-SECRET');
    const token = await getJson(api, 'v2/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    const accessToken = stringOf(token?.access_token);
    if (!accessToken) throw new HrApiError('the Personio token answer has no access_token');
    return getJson(api, `v2/persons/${encodeURIComponent(employeeId)}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
  },
  personIdPath: 'id',
  defaultMapping: {
    givenName: 'first_name',
    familyName: 'last_name',
    email: 'email',
    startDate: 'employments.0.start_date',
    department: 'employments.0.org_units.department.name',
    jobTitle: 'employments.0.position.title',
  },
};
