/**
 * The one reading of a duration, for the admin API's `olderThan`, the CLI, the local clock and the
 * simulator's provisioning delay: one or more `<number><unit>` parts, e.g. `90s`, `40m`, `1h30m`, `1.5h`,
 * `7d`, `2w`, `250ms` (a space may stand between a number and its unit). The whole text must read, or the
 * answer is NaN: a typo is refused instead of meaning something else.
 *
 * A duration a person types always needs its unit: `durationProblem` says so for a bare number (an admin's
 * `--older-than 7` meaning 7 ms would select every hire; `npm run clock -- 2` would move the clock 2 ms).
 * Only the local cloud's control requests, written by programs, read a plain number as milliseconds
 * (`bareMilliseconds`).
 *
 * Our own few lines rather than a package: `ms` reads one part only (no `1h30m`), and `parse-duration`
 * reads whatever text surrounds the numbers (`7d!!` and `x7d` are 7 days, `7d7` is 7 days 7 hours).
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PARTS = /^(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g;

export interface DurationOptions {
  /** Read a plain number (or digits) as milliseconds. */
  bareMilliseconds?: boolean;
}

/** Milliseconds, or NaN when the value is not a duration. */
export function parseDuration(value: unknown, opts: DurationOptions = {}): number {
  if (typeof value === 'number') {
    return opts.bareMilliseconds && Number.isFinite(value) && value >= 0 ? value : Number.NaN;
  }
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  if (opts.bareMilliseconds && /^\d+$/.test(text)) return Number(text);
  if (!PARTS.test(text)) return Number.NaN;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** The units a person is shown, in the words of every refusal. */
export const DURATION_EXAMPLES = '2d, 36h, 90m or 250ms';

/** What is wrong with a duration a person typed (a flag, a query value), or undefined when it reads. */
export function durationProblem(text: string): string | undefined {
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return `needs a unit, e.g. ${DURATION_EXAMPLES}`;
  return Number.isNaN(parseDuration(text)) ? `must be a duration like ${DURATION_EXAMPLES}` : undefined;
}
