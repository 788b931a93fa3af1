/**
 * `npm run clock` shows the local cloud's clock; `npm run clock -- 2d` (or 90m, 1h30m, 1w) moves it
 * forward; `npm run clock -- --to 2027-04-01T09:00:00Z` moves it to a time.
 */
import { readSession } from './session';

const base = readSession().urls.http;
const [arg, value] = process.argv.slice(2);
const body = arg === '--to' ? { to: value } : arg ? { advance: arg } : undefined;
const res = await fetch(`${base}/_local/clock`, {
  method: body ? 'POST' : 'GET',
  headers: { 'content-type': 'application/json' },
  ...(body ? { body: JSON.stringify(body) } : {}),
}).catch((err) => {
  console.error(`cannot reach the local cloud at ${base}: is \`npm start\` running? (${err.message})`);
  process.exit(1);
});
const out = (await res.json()) as { now?: string; message?: string };
if (!res.ok) {
  console.error(out.message ?? `HTTP ${res.status}`);
  process.exit(1);
}
console.log(`local clock: ${out.now}`);
