import {
  badSignature,
  checkFresh,
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
 * BambooHR webhooks (the `employee.*` events): `X-BambooHR-Signature` is the hex HMAC-SHA256 of the body
 * followed by the `X-BambooHR-Timestamp` value, under the webhook's private key; the payload carries the
 * employee's id, so the person is read with the Get Employee API (an API key). docs/hr-sources.md "BambooHR".
 */
const EVENTS: Record<string, NoticeKind> = {
  'employee.created': 'hire',
  'employee.updated': 'update',
  'employee.deleted': 'cancel',
};

export const bamboohr: Preset = {
  label: 'BambooHR',
  ackDeadlineMs: 10_000,
  defaultApiUrl: 'https://api.bamboohr.com',
  verify({ headers, rawBody, secrets, nowMs }) {
    const usable = requireSecrets(secrets);
    const received = header(headers, 'x-bamboohr-signature');
    const timestamp = header(headers, 'x-bamboohr-timestamp');
    if (!received || !timestamp) badSignature('X-BambooHR-Signature and X-BambooHR-Timestamp are required');
    checkFresh(timestamp, nowMs);
    for (const secret of usable) {
      const expected = hmac('sha256', secret, rawBody, timestamp).toString('hex');
      if (sameSecret(received.toLowerCase(), expected)) return;
    }
    badSignature('X-BambooHR-Signature does not match the source secret');
  },
  read(body): Notice {
    const event = recordOf(body);
    const type = stringOf(event?.type) ?? '';
    const kind = EVENTS[type];
    const employeeId = stringOf(recordOf(event?.data)?.employeeId);
    if (!kind || !employeeId) return { kind: 'ignore', event: type || 'unknown' };
    return { kind, event: type, employeeId };
  },
  async fetchPerson(api, employeeId, mapping) {
    const [company, apiKey] = credentialPair(api.credentials, 'COMPANY-DOMAIN:API-KEY');
    // The fields to return are named in the query: every top-level field the mapping reads.
    const fields = [...new Set(Object.values(mapping).map((path) => path.split('.')[0]!))].join(',');
    return getJson(
      api,
      `api/gateway.php/${encodeURIComponent(company)}/v1/employees/${encodeURIComponent(employeeId)}/?fields=${encodeURIComponent(fields)}`,
      { headers: { authorization: `Basic ${Buffer.from(`${apiKey}:x`).toString('base64')}` } },
    );
  },
  personIdPath: 'id',
  defaultMapping: {
    givenName: 'firstName',
    familyName: 'lastName',
    email: 'workEmail',
    startDate: 'hireDate',
    department: 'department',
    jobTitle: 'jobTitle',
  },
};
