/**
 * A small subset of ICU MessageFormat, enough for our templates and free of any ICU library:
 *   {name}                                      an argument
 *   {n, plural, =0 {...} one {...} other {...}} plural (Intl.PluralRules), `#` is the number
 *   {x, select, a {...} other {...}}            select on a string
 *   {d, date, short|medium|long|full}           a date in the recipient's time zone
 *   {d, time}  {d, datetime}  {n, number}
 * Apostrophe quoting is not supported: apostrophes are ordinary text, and messages never need literal braces.
 *
 * The result is a list of text runs that remember which argument they came from, so the HTML renderer can
 * escape every run and emphasise or link argument values, while the text renderer just joins them.
 */
import { MessageFormatError } from '../domain/errors';

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

type Node =
  | string
  | { kind: 'pound' }
  | { kind: 'arg'; name: string; type?: string; style?: string; options?: Map<string, Node[]> };

const parsed = new Map<string, Node[]>();

export function parseMessage(message: string): Node[] {
  let nodes = parsed.get(message);
  if (!nodes) {
    const parser = new Parser(message);
    nodes = parser.nodes(false);
    if (parser.pos < message.length) parser.fail('unexpected }');
    parsed.set(message, nodes);
  }
  return nodes;
}

/** Names of every argument a message uses (for checking that all locales agree). */
export function messageArguments(message: string): Set<string> {
  const names = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      if (typeof node === 'string' || node.kind === 'pound') continue;
      names.add(node.name);
      for (const branch of node.options?.values() ?? []) walk(branch);
    }
  };
  walk(parseMessage(message));
  return names;
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  fail(why: string): never {
    throw new MessageFormatError(`${why} at ${this.pos} in message: ${this.src}`);
  }

  nodes(inPlural: boolean): Node[] {
    const out: Node[] = [];
    let text = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (ch === '}') break;
      if (ch === '{') {
        if (text) out.push(text);
        text = '';
        out.push(this.argument());
      } else if (ch === '#' && inPlural) {
        if (text) out.push(text);
        text = '';
        out.push({ kind: 'pound' });
        this.pos++;
      } else {
        text += ch;
        this.pos++;
      }
    }
    if (text) out.push(text);
    return out;
  }

  private word(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.src.length && !/[\s,{}]/.test(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.src[this.pos] !== ch) this.fail(`expected ${ch}`);
    this.pos++;
  }

  private argument(): Node {
    this.pos++; // {
    const name = this.word();
    if (!/^[A-Za-z_][\w.]*$/.test(name)) this.fail('bad argument name');
    this.skipSpace();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return { kind: 'arg', name };
    }
    this.expect(',');
    const type = this.word();
    this.skipSpace();
    if (type === 'plural' || type === 'select') {
      this.expect(',');
      const options = new Map<string, Node[]>();
      for (;;) {
        this.skipSpace();
        if (this.src[this.pos] === '}') break;
        const key = this.word();
        if (!key) this.fail('expected an option key');
        this.expect('{');
        options.set(key, this.nodes(type === 'plural'));
        this.expect('}');
      }
      if (!options.has('other')) this.fail(`${type} needs an other option`);
      this.pos++;
      return { kind: 'arg', name, type, options };
    }
    if (!['date', 'time', 'datetime', 'number'].includes(type)) this.fail(`unknown argument type ${type}`);
    let style: string | undefined;
    if (this.src[this.pos] === ',') {
      this.pos++;
      style = this.word();
    }
    this.expect('}');
    return style === undefined ? { kind: 'arg', name, type } : { kind: 'arg', name, type, style };
  }
}

export interface FormatOptions {
  locale: string;
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>(
  key: string,
  make: () => T,
): T {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as T;
}

const DATE_STYLES = new Set(['short', 'medium', 'long', 'full']);

function formatDate(value: Date | CalendarDate, type: string, style: string | undefined, o: FormatOptions) {
  // A calendar day is midnight UTC shown in UTC, so no zone can move it to the day before.
  const calendar = value instanceof CalendarDate;
  const date = calendar ? calendarToDate(value) : value;
  if (!date) return (value as CalendarDate).iso;
  const timeZone = calendar ? 'UTC' : o.timeZone;
  const s = style && DATE_STYLES.has(style) ? (style as 'short' | 'medium' | 'long' | 'full') : undefined;
  let options: Intl.DateTimeFormatOptions;
  if (type === 'date') options = { dateStyle: s ?? 'medium', timeZone };
  else if (type === 'time') options = { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone };
  else
    options = {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      // 2027年4月1日(木) reads better in Japanese than 2027年4月1日木曜日.
      weekday: /^(ja|zh)\b/i.test(o.locale) ? 'short' : 'long',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    };
  const key = `d|${o.locale}|${type}|${s}|${timeZone}`;
  return cached(key, () => new Intl.DateTimeFormat(o.locale, options)).format(date);
}

function calendarToDate(value: CalendarDate): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.iso)) return undefined;
  const date = new Date(`${value.iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function formatNumber(value: number, o: FormatOptions): string {
  return cached(`n|${o.locale}`, () => new Intl.NumberFormat(o.locale)).format(value);
}

/** Formats a message into text runs. Throws MessageFormatError when an argument is missing. */
export function formatRuns(message: string, args: Args, o: FormatOptions): Run[] {
  const runs: Run[] = [];
  emit(parseMessage(message), args, o, runs, message, undefined);
  return runs;
}

export function formatText(message: string, args: Args, o: FormatOptions): string {
  return formatRuns(message, args, o)
    .map((r) => r.text)
    .join('');
}

function emit(
  nodes: Node[],
  args: Args,
  o: FormatOptions,
  runs: Run[],
  message: string,
  pound: { name: string; value: number } | undefined,
): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      runs.push({ text: node });
      continue;
    }
    if (node.kind === 'pound') {
      if (pound) runs.push({ text: formatNumber(pound.value, o), arg: pound.name });
      continue;
    }
    const value = args[node.name];
    if (value === undefined)
      throw new MessageFormatError(`missing argument ${node.name} for message: ${message}`);
    if (node.type === 'plural') {
      const n = Number(value);
      const rules = cached(`p|${o.locale}`, () => new Intl.PluralRules(o.locale));
      const branch =
        node.options!.get(`=${n}`) ?? node.options!.get(rules.select(n)) ?? node.options!.get('other')!;
      emit(branch, args, o, runs, message, { name: node.name, value: n });
    } else if (node.type === 'select') {
      const branch = node.options!.get(String(value)) ?? node.options!.get('other')!;
      emit(branch, args, o, runs, message, pound);
    } else if (node.type === 'date' || node.type === 'time' || node.type === 'datetime') {
      if (!(value instanceof Date || value instanceof CalendarDate)) {
        throw new MessageFormatError(`argument ${node.name} must be a date in message: ${message}`);
      }
      runs.push({ text: formatDate(value, node.type, node.style, o), arg: node.name });
    } else if (node.type === 'number') {
      runs.push({ text: formatNumber(Number(value), o), arg: node.name });
    } else {
      const text =
        value instanceof Date
          ? formatDate(value, 'datetime', undefined, o)
          : value instanceof CalendarDate
            ? formatDate(value, 'date', 'long', o)
            : typeof value === 'number'
              ? formatNumber(value, o)
              : value;
      runs.push({ text, arg: node.name });
    }
  }
}
