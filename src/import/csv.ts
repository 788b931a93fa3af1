/**
 * RFC 4180 CSV, read strictly enough to report every problem with its line: quoted fields may hold commas,
 * quotes (doubled) and line breaks; CRLF or LF; a UTF-8 byte order mark is ignored; blank lines are skipped.
 */
export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  /** Offsets of the record in the text: [start, end) including its line break, for slicing a file. */
  start: number;
  end: number;
}

export interface CsvProblem {
  line: number;
  /** 1-based field number, when the problem is in one field. */
  column?: number;
  message: string;
}

export interface ParsedCsv {
  records: CsvRecord[];
  problems: CsvProblem[];
}

export function parseCsv(text: string): ParsedCsv {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < text.length) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let wasQuoted = false;
    let badQuote = false;
    let ended = false;
    while (i < text.length) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"') {
        if (field === '' && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
        } else {
          badQuote = true;
          field += c;
        }
        i++;
        continue;
      }
      if (c === ',') {
        if (badQuote) problems.push(quoteProblem(startLine, fields.length + 1));
        fields.push(field);
        field = '';
        wasQuoted = false;
        badQuote = false;
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        ended = true;
        break;
      }
      // Characters after a closing quote (`"ab"c`) are a malformed field.
      if (wasQuoted) badQuote = true;
      field += c;
      i++;
    }
    if (quoted) {
      problems.push({
        line: startLine,
        column: fields.length + 1,
        message: 'a quoted field is never closed (missing ")',
      });
    }
    if (badQuote) problems.push(quoteProblem(startLine, fields.length + 1));
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !wasQuoted;
    if (!blank) records.push({ line: startLine, fields, start, end: i });
    if (!ended) break;
  }
  return { records, problems };
}

function quoteProblem(line: number, column: number): CsvProblem {
  return {
    line,
    column,
    message: 'a quote (") inside an unquoted field: quote the whole field and double the "',
  };
}

/**
 * What makes a spreadsheet run a cell as a formula instead of showing it: a first character of `=`, `+`,
 * `-`, `@`, tab, carriage return or line feed (OWASP, "CSV Injection"). Leading spaces count too, because
 * the wave import trims them and the value would then start with the trigger.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** The character that would make a spreadsheet run this cell as a formula, named for a person; else undefined. */
export function formulaTrigger(value: string): string | undefined {
  const trigger = FORMULA_START.exec(value)?.[0] ?? /^ +([=+\-@])/.exec(value)?.[1];
  if (trigger === undefined) return undefined;
  return { '\t': 'a tab', '\r': 'a carriage return', '\n': 'a line break' }[trigger] ?? `"${trigger}"`;
}

/**
 * One CSV field as the product writes it: a cell a spreadsheet would run as a formula gets a leading `'`
 * and double quotes (OWASP's escaping), so it shows as text; quotes are doubled; other fields are quoted
 * only when they must be (RFC 4180).
 */
export function csvField(value: string): string {
  const neutral = formulaTrigger(value) === undefined ? value : `'${value}`;
  return neutral !== value || /[",\r\n]/.test(neutral) ? `"${neutral.replaceAll('"', '""')}"` : neutral;
}
