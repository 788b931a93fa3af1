/**
 * `npm run clock` shows the local cloud's clock; `npm run clock -- 2d` (or 36h, 90m, 1h30m, 250ms) moves it
 * forward; `npm run clock -- --to 2027-04-01T09:00:00Z` moves it to a time. A duration needs its unit.
 */
import { runScript, UsageError } from '../cli/args';
import { durationProblem } from '../src/kernel/duration';
import { readSession } from './session';

const USAGE = `usage: npm run clock [-- <duration> | -- --to <time>]

  (nothing)                     show the local cloud's clock
  <duration>                    move it forward: 2d, 36h, 90m, 1h30m, 250ms (the unit is required)
  --to 2027-04-01T09:00:00Z     move it to a later time
`;

await runScript(
  USAGE,
  { to: { type: 'string' } },
  async ({ values, positionals }) => {
    if (positionals.length > 1 || (values.to !== undefined && positionals.length))
      throw new UsageError('give one duration, or --to a time');
    const [advance] = positionals;
    const problem = advance === undefined ? undefined : durationProblem(advance);
    if (problem) throw new UsageError(`${advance}: ${problem}`);
    if (values.to !== undefined && Number.isNaN(Date.parse(values.to)))
      throw new UsageError(`--to ${values.to}: must be a time like 2027-04-01T09:00:00Z`);
    const body = values.to !== undefined ? { to: values.to } : advance ? { advance } : undefined;
    const base = readSession().urls.http;
    const res = await fetch(`${base}/_local/clock`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).catch((err: unknown) => {
      throw new Error(`cannot reach the local cloud at ${base}: is \`npm start\` running? (${String(err)})`);
    });
    const out = (await res.json()) as { now?: string; message?: string };
    if (!res.ok) throw new Error(out.message ?? `HTTP ${res.status}`);
    console.log(`local clock: ${out.now}`);
    return 0;
  },
  true,
);
