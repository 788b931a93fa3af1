import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { BodyTooLarge, closeServer, listen, readBody, sendJson, sendProblem } from '../http';
import { type Person, seedPeople, type Vendor } from './people';

/**
 * A small fake of each HR vendor's API, just the calls the presets make (src/hr), each refusing wrong
 * credentials as the vendor does (401), answering 404 for an unknown person:
 *
 * - HiBob `POST /hibob/v1/people/{id}` `{fields?}` (Basic: service user id and token): the fields named
 *   (`root.id`, `work.startDate`, `custom.it.directoryUserName`), each also under its `/root/id` key as Bob
 *   answers; without `fields`, Bob's default set, which has no custom fields
 * - BambooHR `GET /bamboohr/api/gateway.php/{company}/v1/employees/{id}/?fields=a,b` (Basic: API key, "x")
 * - Personio `POST /personio/v2/auth/token` (client credentials) then `GET /personio/v2/persons/{id}` (Bearer)
 * - SmartHR sends the whole crew in its webhook: its fake only keeps the crews the sender posts.
 *
 * Control routes for tests and people: `GET /_fake/people/{vendor}`, `PUT|DELETE /_fake/people/{vendor}/{id}`
 * (a person's record, e.g. a field filled in later), `POST /_fake/faults {vendor, status?, delayMs?}` (the
 * next calls to that vendor answer that status or that late), `POST /_fake/reset`.
 */
export interface HrFakes {
  url: string;
  /** The credentials each vendor's fake accepts, as the sources keep them (`user:secret`). */
  credentials: Record<Vendor, string>;
  people: Record<Vendor, Record<string, Person>>;
  close(): Promise<void>;
}

const VENDORS: readonly Vendor[] = ['hibob', 'bamboohr', 'smarthr', 'personio'];
const COMPANY = 'example';

export async function startHrFakes(opts: {
  host: string;
  port: number;
  startDate: () => string;
}): Promise<HrFakes> {
  const secret = () => randomBytes(18).toString('base64url');
  const credentials: Record<Vendor, string> = {
    hibob: `SERVICE-USER-${secret()}:${secret()}`,
    bamboohr: `${COMPANY}:${secret()}`,
    smarthr: '',
    personio: `papi-${secret()}:${secret()}`,
  };
  let people = seedPeople(opts.startDate());
  const faults: Partial<Record<Vendor, { status?: number; delayMs?: number }>> = {};
  const tokens = new Set<string>();
  const basic = (req: IncomingMessage) => {
    const value = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return value ? Buffer.from(value, 'base64').toString('utf8') : undefined;
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const vendor = parts[0] as Vendor;
    try {
      const body = (await readBody(req)).toString('utf8');
      if (parts[0] === '_fake') {
        if (req.method === 'POST' && parts[1] === 'reset') {
          people = seedPeople(opts.startDate());
          for (const v of VENDORS) delete faults[v];
          return sendJson(res, 200, { reset: true });
        }
        if (req.method === 'POST' && parts[1] === 'faults') {
          const input = JSON.parse(body || '{}') as { vendor: Vendor; status?: number; delayMs?: number };
          faults[input.vendor] = {
            ...(input.status ? { status: input.status } : {}),
            ...(input.delayMs ? { delayMs: input.delayMs } : {}),
          };
          return sendJson(res, 200, faults);
        }
        const list = people[parts[2] as Vendor];
        if (parts[1] === 'people' && list) {
          if (req.method === 'GET' && parts.length === 3) return sendJson(res, 200, list);
          const id = parts[3];
          if (id && req.method === 'PUT') {
            list[id] = JSON.parse(body) as Person;
            return sendJson(res, 200, list[id]);
          }
          if (id && req.method === 'DELETE') {
            delete list[id];
            return sendJson(res, 200, { deleted: id });
          }
          if (id && req.method === 'GET')
            return list[id] ? sendJson(res, 200, list[id]) : sendJson(res, 404, {});
        }
        return sendProblem(res, 404, 'Not Found');
      }
      if (!VENDORS.includes(vendor)) return sendProblem(res, 404, 'Not Found');
      const fault = faults[vendor];
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.status) return sendJson(res, fault.status, { error: 'injected fault' });
      const person = (id: string | undefined) => (id ? people[vendor][id] : undefined);
      const found = (p: Person | undefined) =>
        p ? sendJson(res, 200, p) : sendJson(res, 404, { error: 'not found' });

      if (vendor === 'hibob' && req.method === 'POST' && parts[1] === 'v1' && parts[2] === 'people') {
        if (basic(req) !== credentials.hibob) return sendJson(res, 401, { error: 'Unauthorized' });
        const record = person(parts[3]);
        if (!record) return sendJson(res, 404, { error: 'not found' });
        const { fields } = JSON.parse(body || '{}') as { fields?: unknown };
        return sendJson(res, 200, bobFields(record, Array.isArray(fields) ? fields.map(String) : undefined));
      }
      if (vendor === 'bamboohr' && req.method === 'GET' && parts[4] === 'v1' && parts[5] === 'employees') {
        const [company, key] = credentials.bamboohr.split(':');
        if (parts[3] !== company || basic(req) !== `${key}:x`)
          return sendJson(res, 401, { error: 'Unauthorized' });
        const record = person(parts[6]);
        if (!record) return sendJson(res, 404, {});
        // Only the fields asked for, and the id, as the Get Employee API answers.
        const fields = (url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
        return sendJson(
          res,
          200,
          Object.fromEntries(Object.entries(record).filter(([k]) => k === 'id' || fields.includes(k))),
        );
      }
      if (vendor === 'personio' && req.method === 'POST' && parts.join('/') === 'personio/v2/auth/token') {
        const form = new URLSearchParams(body);
        const [id, key] = credentials.personio.split(':');
        if (form.get('client_id') !== id || form.get('client_secret') !== key) {
          return sendJson(res, 401, { error: 'invalid_client' });
        }
        const token = secret();
        tokens.add(token);
        return sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 86400 });
      }
      if (vendor === 'personio' && req.method === 'GET' && parts[1] === 'v2' && parts[2] === 'persons') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !tokens.has(token)) return sendJson(res, 401, { error: 'Unauthorized' });
        return found(person(parts[3]));
      }
      return sendProblem(res, 404, 'Not Found');
    } catch (err) {
      const status = err instanceof BodyTooLarge ? 413 : 400;
      return sendProblem(res, status, err instanceof Error ? err.message : String(err));
    }
  });
  const url = await listen(server, opts.host, opts.port);
  return {
    url,
    credentials,
    get people() {
      return people;
    },
    close: () => closeServer(server),
  };
}

/**
 * What Bob answers for `fields`: each named field in the nested JSON and under its slash key
 * (`/root/id: {value}`); a field the record lacks is left out. Without `fields`, everything but custom fields.
 */
function bobFields(record: Person, fields: string[] | undefined): Person {
  if (!fields) return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'custom'));
  const out: Person = {};
  for (const field of fields) {
    const path = field.startsWith('root.') ? [field.slice(5)] : field.split('.');
    let here: unknown = record;
    for (const key of path) here = (here as Person | undefined)?.[key];
    if (here === undefined) continue;
    let into = out;
    for (const key of path.slice(0, -1)) {
      into[key] ??= {};
      into = into[key] as Person;
    }
    into[path[path.length - 1]!] = here;
    out[`/${field.startsWith('root.') ? 'root/' : ''}${path.join('/')}`] = { value: here };
  }
  return out;
}
