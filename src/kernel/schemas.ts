/**
 * Pieces the schemas share (valibot). Every schema names its own messages: the wording is part of the
 * public contract (`{field, message}` in 400 answers, `config.x.y: ...` at a cold start), never valibot's.
 *
 * How valibot runs a pipe matters to the messages: after a problem, later checks of the same pipe still run
 * but a transformation (`v.trim()`, `v.transform`) stops it, so `text()` ends in one and each field reports
 * its first problem only. valibot's `check` on an object runs whenever its fields have the right types,
 * valid or not; `crossCheck` below runs only when the fields it compares are valid.
 */
import * as v from 'valibot';
import type { FieldError } from './errors';
import { nearestName } from './nearest';

export type Issue = v.BaseIssue<unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b[2].c` from an issue's path, after `prefix` (e.g. `config`); just the prefix for the root. */
export function issuePath(issue: Issue, prefix = ''): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    path += typeof item.key === 'number' ? `[${item.key}]` : path ? `.${String(item.key)}` : String(item.key);
  }
  return path;
}

/**
 * A value read by `schema`, or every problem as `{field, message}` (the field's path; `root` names the value
 * itself, e.g. `body`): what a 400 lists and what a refused flag prints.
 */
export function readPart<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  root = '',
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldError[] } {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return { ok: true, value: parsed.output };
  return {
    ok: false,
    errors: parsed.issues.map((issue) => ({ field: issuePath(issue) || root, message: issue.message })),
  };
}

/** An object's message: a missing key (reported by its parent) or a value that is not an object. */
function objectMessage(issue: Issue): string {
  return issue.input === undefined || issue.expected?.startsWith('"') ? 'is required' : 'must be an object';
}

/** An object (not an array), keeping only the keys of `entries`. */
export function plainObject<const E extends v.ObjectEntries>(entries: E, notAnObject = 'must be an object') {
  const message = (issue: Issue) =>
    issue.input === undefined || issue.expected?.startsWith('"') ? 'is required' : notAnObject;
  return v.pipe(v.custom<Record<string, unknown>>(isRecord, message), v.object(entries, message));
}

/**
 * An object whose keys are all known: each unknown key is a problem of its own (`unknown field`, with the
 * nearest known key when one is close), so a typo never silently falls back to a default. Arrays are not
 * objects here.
 */
export function knownObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, objectMessage),
    v.looseObject(entries, objectMessage),
    v.rawCheck(({ dataset, addIssue }) => {
      const value = dataset.value;
      if (!isRecord(value)) return;
      for (const key of Object.keys(value)) {
        if (Object.hasOwn(entries, key)) continue;
        const meant = nearestName(key, Object.keys(entries));
        addIssue({
          message: meant ? `unknown field; did you mean "${meant}"?` : 'unknown field',
          path: [{ type: 'object', origin: 'value', input: value, key, value: value[key] }],
        });
      }
    }),
  );
}

/**
 * A check written as a function that names the problem (or returns undefined): the domain's rules
 * (src/domain) say what is wrong in their own words. Skipped when the value already has a problem.
 */
export function rule<T>(problem: (value: T) => string | undefined) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.issues) return;
    const message = problem(dataset.value);
    if (message !== undefined) addIssue({ message });
  });
}

/**
 * A non-blank string of at most `max` characters (counted before trimming), trimmed. A problem here ends
 * the field's checks (the trim stops the pipe and marks the value untyped), so a pipe that goes on from
 * `text(...)` only ever sees a valid string.
 */
export function text(max: number) {
  return v.pipe(
    v.string((issue) => (issue.input === undefined ? 'is required' : 'must be a non-empty string')),
    v.check((value) => value.trim() !== '', 'must be a non-empty string'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.trim(),
  );
}

/** One of `options`, named in the message. */
export function oneOf<const T extends readonly string[]>(options: T) {
  return v.picklist(options, (issue) =>
    issue.input === undefined ? 'is required' : `must be one of ${options.join(', ')}`,
  );
}

/** An array of at least `min` items. */
export function list<const S extends v.GenericSchema>(item: S, min: number) {
  return v.pipe(
    v.array(item, (issue) => (issue.input === undefined ? 'is required' : 'must be an array')),
    v.minLength(min, `must have at least ${min} item${min === 1 ? '' : 's'}`),
  );
}

/** A whole number in [min, max]. */
export function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return v.pipe(
    v.number(message),
    v.check((n) => Number.isInteger(n) && n >= min && n <= max, message),
  );
}

/** A finite number in [min, max]. */
export function numberBetween(min: number, max: number) {
  const message = `must be a number from ${min} to ${max}`;
  return v.pipe(
    v.number(message),
    v.check((n) => Number.isFinite(n) && n >= min && n <= max, message),
  );
}

type Key = string | number;

/**
 * A rule across fields of an object (or across the items of an array): it runs when the fields it names
 * (`fields`, paths inside the value) have no problem, or, without `fields`, when nothing inside has one.
 * The problem is reported at `at` (a path inside the value), else on the value itself.
 */
export function crossCheck<T>(opts: {
  fields?: readonly (readonly Key[])[];
  at?: readonly Key[];
  test: (value: T) => boolean;
  message: string | ((value: T) => string);
}) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    const value = dataset.value as unknown;
    if (typeof value !== 'object' || value === null) return;
    const issues = dataset.issues ?? [];
    // A problem without a path is the value's own (not an object at all): nothing to compare.
    const blocked = opts.fields
      ? issues.some((issue) => !issue.path?.length || opts.fields!.some((field) => startsWith(issue, field)))
      : issues.length > 0;
    if (blocked || opts.test(value as T)) return;
    const message = typeof opts.message === 'string' ? opts.message : opts.message(value as T);
    addIssue({ message, ...(opts.at?.length ? { path: pathTo(value, opts.at) } : {}) });
  });
}

function startsWith(issue: Issue, field: readonly Key[]): boolean {
  const path = issue.path ?? [];
  return field.every((key, i) => path[i]?.key === key);
}

export function pathTo(root: object, keys: readonly Key[]): [v.IssuePathItem, ...v.IssuePathItem[]] {
  let input = root as Record<Key, unknown>;
  const items = keys.map((key): v.IssuePathItem => {
    const value = input?.[key];
    const item = { type: 'unknown', origin: 'value', input, key, value } as const;
    input = value as Record<Key, unknown>;
    return item;
  });
  return items as [v.IssuePathItem, ...v.IssuePathItem[]];
}
