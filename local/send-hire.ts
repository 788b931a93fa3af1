import { runScript, UsageError } from '../cli/args';
import { mapPerson } from '../src/intake/hr/index';
import { defaultDirectory, loadConfig } from '../src/kernel/config/load';
import { SAMPLE_PEOPLE } from './hr-fakes/people';
import { postVendorEvent, VENDOR_EVENTS } from './hr-sender';
import { readSession } from './session';
import { postSignedWebhook, sampleHire } from './webhook-client';

/**
 * `npm run hire -- [--employee E-1] [--user jdoe] [--locale en-US] [--tz America/New_York] [--start 2027-04-01]
 *  [--email x@example.com] [--given Jane] [--family Doe] [--country US] [--department Sales]`: posts one signed employee.hired webhook to the
 * running local cloud, signed with its secret.
 *
 * `npm run hire -- --source hibob [--employee ID] [--event hire|update|cancel]`: the same through an HR
 * source's preset adapter, as that vendor sends it (its body, headers and signature, README "Connecting an
 * HR system"). The person comes from the vendor's local fake (`GET <hrapis>/_fake/people/<vendor>`); by
 * default its sample person with every field a hire needs.
 */
const USAGE = `usage: npm run hire -- [options]

  posts one signed employee.hired webhook to the running local cloud:
  --employee E-1 --user jdoe --locale en-US --tz America/New_York --start 2027-04-01
  --email x@example.com --given Jane --family Doe --country US --department Sales --secret whsec_...

  through an HR source's preset adapter, as that vendor sends it:
  --source hibob [--employee ID] [--event hire|update|cancel]
`;

await runScript(
  USAGE,
  {
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
    source: { type: 'string' },
    event: { type: 'string' },
  },
  async ({ values }) => {
    if (values.event !== undefined && !['hire', 'update', 'cancel'].includes(values.event))
      throw new UsageError('--event must be hire, update or cancel');
    const session = readSession();
    if (values.source) {
      const source = session.hrSources?.find((s) => s.name === values.source);
      if (!source) {
        const names = (session.hrSources ?? []).map((s) => s.name).join(', ') || 'none';
        throw new UsageError(
          `no HR source "${values.source}" in config/onboarding.json (configured: ${names})`,
        );
      }
      const kind = (values.event ?? 'hire') as 'hire' | 'update' | 'cancel';
      const event = VENDOR_EVENTS[source.preset][kind];
      if (!event) throw new UsageError('--event must be hire, update or cancel');
      const employeeId = values.employee ?? SAMPLE_PEOPLE[source.preset].complete;
      // The person as the vendor's fake has them: SmartHR sends the whole crew in its webhook, and the
      // directory account of the user name they map to is created in the simulator, as IT would beforehand.
      const person = session.urls.hrapis
        ? await fetch(
            `${session.urls.hrapis}/_fake/people/${source.preset}/${encodeURIComponent(employeeId)}`,
          ).then((r) => (r.ok ? (r.json() as Promise<Record<string, unknown>>) : undefined))
        : undefined;
      process.env.ONBOARDING_CONFIG_FILE ??= 'config/onboarding.json';
      const config = loadConfig();
      const configured = config.sources.find((s) => s.name === source.name);
      const userName =
        person && configured ? mapPerson(configured, employeeId, person).data.userName : undefined;
      if (userName && kind === 'hire') {
        await fetch(`${session.urls.workspaces}/_sim/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ directoryId: defaultDirectory(config).id, userNames: [userName] }),
        });
      }
      const result = await postVendorEvent(session.urls.http, source, {
        event,
        employeeId,
        ...(person && source.preset === 'smarthr' ? { person } : {}),
        ...(values.secret ? { secret: values.secret } : {}),
      });
      console.log(
        `${source.preset} ${event} for ${employeeId}: HTTP ${result.status}`,
        JSON.stringify(result.body, null, 2),
      );
      return result.status < 300 ? 0 : 1;
    }
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
    return result.status < 300 ? 0 : 1;
  },
);
