import { parseArgs } from 'node:util';
import { readSession } from './session';
import { postSignedWebhook, sampleHire } from './webhook-client';

/**
 * `npm run hire -- [--employee E-1] [--user jdoe] [--locale en-US] [--tz America/New_York] [--start 2027-04-01]
 *  [--email x@example.com] [--given Jane] [--family Doe] [--country US] [--department Sales]`: posts one signed employee.hired webhook to the
 * running local cloud, signed with its secret.
 */
const { values } = parseArgs({
  options: {
    employee: { type: 'string' },
    user: { type: 'string' },
    locale: { type: 'string' },
    tz: { type: 'string' },
    start: { type: 'string' },
    email: { type: 'string' },
    given: { type: 'string' },
    family: { type: 'string' },
    country: { type: 'string' },
    department: { type: 'string' },
    secret: { type: 'string' },
  },
});
const session = readSession();
const base = session.urls.http;
const secret = values.secret ?? session.webhookSecret;
const overrides = Object.fromEntries(
  Object.entries({
    employeeId: values.employee,
    userName: values.user,
    locale: values.locale,
    timeZone: values.tz,
    startDate: values.start,
    email: values.email,
    givenName: values.given,
    familyName: values.family,
    country: values.country,
    department: values.department,
  }).filter(([, v]) => v !== undefined),
);
const result = await postSignedWebhook({ baseUrl: base, secret, body: sampleHire(overrides) });
console.log(`HTTP ${result.status}`, JSON.stringify(result.body, null, 2));
process.exit(result.status < 300 ? 0 : 1);
