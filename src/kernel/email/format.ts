/**
 * ICU MessageFormat through `intl-messageformat` (FormatJS), parsed by `@formatjs/icu-messageformat-parser`:
 *   {name}                                      an argument (a string, or a number printed as is)
 *   {n, number}                                 a number in the locale's digits
 *   {n, plural, =0 {...} one {...} other {...}} plural (Intl.PluralRules), `#` is the number
 *   {x, select, a {...} other {...}}            select on a string
 *   {d, date}                                   the day, in the recipient's time zone
 *   {d, date, dateTime}                         the same day with the time and zone, e.g. for "act by"
 *   {d, time}                                   a time with its zone
 * Every date of every email and page is one of these two, written alike (dateFields below): one style per
 * language, so a subject, a details row and a sentence never show the same day in two ways. The `Intl`
 * styles (short, medium, long, full) are refused.
 * ICU's apostrophe quoting applies (`'{'` is a literal brace); a lone apostrophe in text stays as it is.
 * Tags (`<b>`) are plain text: markup is the renderers' job.
 *
 * The result is a list of text runs that remember which argument they came from, so the HTML renderer can
 * escape every run and emphasise or link argument values, while the text renderer just joins them. To get
 * them, each argument (and each `#`) is wrapped in a tag of our own before formatting; its tag function
 * returns the formatted text as a run. The catalogs' messages come compiled (CompiledMessage); a message
 * given as text is parsed once per container.
 */
import {
  type MessageFormatElement,
  type PluralOrSelectOption,
  parse,
  TYPE,
} from '@formatjs/icu-messageformat-parser';
import {
  type Formats,
  type Formatters,
  IntlMessageFormat,
  type MessageFormatPart,
  PART_TYPE,
} from 'intl-messageformat';
import { MessageFormatError } from '../errors';

/** A calendar day (`YYYY-MM-DD`) that has no time zone: shown as that day everywhere. */
export class CalendarDate {
  constructor(readonly iso: string) {}
}

export type ArgValue = string | number | Date | CalendarDate;
export type Args = Readonly<Record<string, ArgValue | undefined>>;

/** A run of text; `arg` names the argument it came from, if any. */
export interface Run {
  text: string;
  arg?: string;
  /** Set by callers, never by the formatter: the run becomes a link. */
  href?: string;
}

export interface FormatOptions {
  locale: string;
  timeZone: string;
}

/** The named styles of `{d, date, ...}` and `{d, time, ...}` (formatsFor below); `{d, date}` has none. */
const STYLES = {
  date: ['dateTime'],
  time: ['short', 'medium', 'long', 'full'],
};

/** Our tags' names cannot clash with an argument's (ICU names have no control characters). */
const RUN_TAG = '\u0001run:';

/**
 * A message parsed ahead of time (local/compile-messages.ts writes the catalogs' ones next to them), so the
 * Lambda bundles need no parser: serverless.yml aliases it to its parser-free build.
 */
export type CompiledMessage = MessageFormatElement[];

interface Prepared {
  /** The message with every argument and `#` wrapped in a run tag. */
  ast: MessageFormatElement[];
  /** Every argument the message uses. */
  names: Set<string>;
  /** Formatters by locale and time zone. */
  formatters: Map<string, IntlMessageFormat>;
}

const fromText = new Map<string, Prepared>();
const fromCompiled = new WeakMap<CompiledMessage, Prepared>();

/** Parses a message and checks its styles; throws MessageFormatError. */
export function compileMessage(message: string): CompiledMessage {
  let ast: CompiledMessage;
  try {
    ast = parse(message, { ignoreTag: true, requiresOtherClause: true });
  } catch (error) {
    const kind = String((error as Error).message)
      .toLowerCase()
      .replaceAll('_', ' ');
    throw new MessageFormatError(`cannot read the message (${kind}): ${message}`, { cause: error });
  }
  wrapArguments(ast, new Set(), undefined);
  return ast;
}

function prepare(message: string | CompiledMessage): Prepared {
  if (typeof message !== 'string') {
    let found = fromCompiled.get(message);
    if (!found) {
      found = prepared(message);
      fromCompiled.set(message, found);
    }
    return found;
  }
  let found = fromText.get(message);
  if (!found) {
    found = prepared(compileMessage(message));
    fromText.set(message, found);
  }
  return found;
}

function prepared(ast: CompiledMessage): Prepared {
  const names = new Set<string>();
  return { ast: wrapArguments(ast, names, undefined), names, formatters: new Map() };
}

function runTag(name: string, child: MessageFormatElement): MessageFormatElement {
  return { type: TYPE.tag, value: RUN_TAG + name, children: [child] } as MessageFormatElement;
}

function wrapArguments(
  elements: MessageFormatElement[],
  names: Set<string>,
  plural: string | undefined,
): MessageFormatElement[] {
  return elements.map((el) => {
    switch (el.type) {
      case TYPE.date:
      case TYPE.time: {
        const kind = el.type === TYPE.date ? 'date' : 'time';
        if (el.style !== null && el.style !== undefined && !STYLES[kind].includes(el.style as string)) {
          const style = typeof el.style === 'string' ? el.style : 'skeleton';
          throw new MessageFormatError(
            kind === 'date'
              ? `unknown date style ${style}: write {${el.value}, date} for a day or {${el.value}, date, dateTime} with its time`
              : `unknown time style ${style} (${STYLES.time.join(', ')})`,
          );
        }
        names.add(el.value);
        return runTag(el.value, el);
      }
      case TYPE.argument:
      case TYPE.number:
        names.add(el.value);
        return runTag(el.value, el);
      case TYPE.pound:
        return plural === undefined ? el : runTag(plural, el);
      case TYPE.select:
      case TYPE.plural: {
        names.add(el.value);
        const inner = el.type === TYPE.plural ? el.value : plural;
        const options: Record<string, PluralOrSelectOption> = {};
        for (const [key, option] of Object.entries(el.options)) {
          options[key] = { ...option, value: wrapArguments(option.value, names, inner) };
        }
        return { ...el, options };
      }
      default:
        return el;
    }
  });
}

/** Names of every argument a message uses (for checking that all locales agree). */
export function messageArguments(message: string | CompiledMessage): Set<string> {
  return new Set(prepare(message).names);
}

/**
 * Throws MessageFormatError when the message is broken or an argument is missing. `label` names a compiled
 * message in errors (its catalog key).
 */
export function formatRuns(
  message: string | CompiledMessage,
  args: Args,
  o: FormatOptions,
  label = typeof message === 'string' ? message : 'compiled message',
): Run[] {
  const found = prepare(message);
  const values: Record<string, ArgValue | ((chunks: (string | Run | CalendarDate)[]) => Run)> = {};
  for (const name of found.names) {
    const value = args[name];
    if (value === undefined) throw new MessageFormatError(`missing argument ${name} for message: ${label}`);
    values[name] = value;
    values[RUN_TAG + name] = (chunks) => ({
      text: chunks.map((c) => asText(c, name, label)).join(''),
      arg: name,
    });
  }
  let parts: MessageFormatPart<Run | CalendarDate>[];
  try {
    parts = formatterFor(found, o).formatToParts<Run | CalendarDate>(values);
  } catch (error) {
    if (error instanceof MessageFormatError) throw error;
    throw new MessageFormatError(`${(error as Error).message} in message: ${label}`, { cause: error });
  }
  return parts.map((part) =>
    // Every argument is inside a run tag, so the only objects are the runs those tags return.
    part.type === PART_TYPE.literal ? { text: part.value } : (part.value as Run),
  );
}

export function formatText(message: string | CompiledMessage, args: Args, o: FormatOptions): string {
  return formatRuns(message, args, o)
    .map((r) => r.text)
    .join('');
}

function asText(chunk: unknown, name: string, message: string): string {
  if (typeof chunk === 'string') return chunk;
  throw new MessageFormatError(
    `argument ${name} is not text: write {${name}, date} or {${name}, number} in message: ${message}`,
  );
}

// ---- formatting ------------------------------------------------------------------------------------

function formatterFor(found: Prepared, o: FormatOptions): IntlMessageFormat {
  const key = `${o.locale}|${o.timeZone}`;
  let formatter = found.formatters.get(key);
  if (!formatter) {
    formatter = new IntlMessageFormat(found.ast, o.locale, formatsFor(o.locale), {
      formatters: intlFor(o.timeZone),
    });
    found.formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * The one way a day is written in a language: weekday, day, month in words and year (Thursday, April 1,
 * 2027; 2027年4月1日(木), which reads better in Japanese than 2027年4月1日木曜日).
 */
function dateFields(locale: string): Intl.DateTimeFormatOptions {
  return {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: /^(ja|zh)\b/i.test(locale) ? 'short' : 'long',
  };
}

/** `dateTime` is the day (dateFields) with hour, minute and zone; `{d, date}` has no style (dateOptions). */
function formatsFor(locale: string): Partial<Formats> {
  return {
    date: {
      dateTime: { ...dateFields(locale), hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
    },
    time: { medium: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } },
  };
}

const intlObjects = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(
  key: string,
  make: () => T,
): T {
  let made = intlObjects.get(key);
  if (!made) {
    made = make();
    intlObjects.set(key, made);
  }
  return made as T;
}

/**
 * The `Intl` objects intl-messageformat formats with: dates in the recipient's zone, and a CalendarDate
 * as that day wherever the recipient is (midnight UTC shown in UTC, so no zone moves it to the day before).
 */
function intlFor(timeZone: string): Formatters {
  return {
    getNumberFormat: (locales, options) =>
      cached(`n|${locales}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locales, options)),
    getPluralRules: (locales, options) =>
      cached(`p|${locales}|${JSON.stringify(options)}`, () => new Intl.PluralRules(locales, options)),
    getDateTimeFormat: (locales, options) =>
      ({
        format: (value: unknown) => {
          const calendar = value instanceof CalendarDate;
          if (!calendar && !(value instanceof Date)) {
            throw new MessageFormatError(`a date argument got ${typeof value}`);
          }
          const date = calendar ? calendarToDate(value) : value;
          if (!date) return (value as CalendarDate).iso;
          const zoned = { ...dateOptions(options, locales), timeZone: calendar ? 'UTC' : timeZone };
          return cached(
            `d|${locales}|${JSON.stringify(zoned)}`,
            () => new Intl.DateTimeFormat(locales, zoned),
          ).format(date);
        },
      }) as Intl.DateTimeFormat,
  };
}

/** intl-messageformat hands over a named style's fields (formatsFor), or none for `{d, date}`: the day. */
function dateOptions(
  options: Intl.DateTimeFormatOptions | undefined,
  locales: Intl.LocalesArgument,
): Intl.DateTimeFormatOptions {
  return options ?? dateFields(String([locales].flat()[0] ?? 'en'));
}

function calendarToDate(value: CalendarDate): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.iso)) return undefined;
  const date = new Date(`${value.iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
