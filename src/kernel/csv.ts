/**
 * RFC 4180 CSV through `csv-parse`: quoted fields may hold commas, quotes (doubled) and line breaks; CRLF,
 * LF or CR; a UTF-8 byte order mark is ignored; blank lines are skipped.
 *
 * What is ours is the reporting: csv-parse stops at the first malformed record, so parsing starts again on
 * the line after it, and every problem is reported with the line its record starts on and its field. A
 * malformed record stays in `records` (without fields) so that counts and file slices still see it.
 */
import { CsvError, type Options, parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  /** The fields; none for a malformed record (its problem is in `problems`). */
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

const OPTIONS: Options = {
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  skip_empty_lines: true,
};

const QUOTE_IN_FIELD = 'a quote (") inside an unquoted field: quote the whole field and double the "';
const MESSAGES: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (missing ")',
  INVALID_OPENING_QUOTE: QUOTE_IN_FIELD,
  CSV_INVALID_CLOSING_QUOTE: QUOTE_IN_FIELD,
};

export function parseCsv(text: string): ParsedCsv {
  const lines = new Lines(text);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let from = text.charCodeAt(0) === 0xfeff ? lines.byteOf(1) : 0;
  while (from < lines.bytes.length) {
    const base = from;
    let lastEnd = from;
    try {
      parse(lines.bytes.subarray(base), {
        ...OPTIONS,
        on_record: (fields: string[], info) => {
          const end = base + info.bytes;
          records.push(lines.record(lastEnd, end, fields));
          lastEnd = end;
          return undefined;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      // Start again on the line after the error (csv-parse's lines count from `base`), unless a quote
      // left open took the rest of the file.
      const errorLine = lines.lineAtByte(base) + Number(error.lines ?? 1) - 1;
      const resume =
        error.code === 'CSV_QUOTE_NOT_CLOSED' ? lines.bytes.length : lines.byteOfLine(errorLine + 1);
      const record = lines.record(lastEnd, resume, []);
      records.push(record);
      problems.push({
        line: record.line,
        ...(typeof error.column === 'number' ? { column: error.column + 1 } : {}),
        message: MESSAGES[error.code] ?? error.message,
      });
      from = resume;
    }
  }
  return { records, problems };
}

/**
 * Where the lines of the text start, in UTF-8 bytes (csv-parse's offsets) and in characters (for slicing
 * the string). Records begin and end at line starts, so these are the only offsets ever converted.
 */
class Lines {
  readonly bytes: Buffer;
  private readonly byteStarts: number[] = [0];
  private readonly charStarts: number[] = [0];

  constructor(private readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    for (const match of text.matchAll(/\r\n|\n|\r/g)) {
      const char = match.index + match[0].length;
      const previous = this.charStarts.at(-1)!;
      this.byteStarts.push(this.byteStarts.at(-1)! + Buffer.byteLength(text.slice(previous, char)));
      this.charStarts.push(char);
    }
  }

  /** The byte offset of a character offset that is a line start, or the byte order mark's end. */
  byteOf(char: number): number {
    return Buffer.byteLength(this.text.slice(0, char));
  }

  /** 1-based line of a byte offset. */
  lineAtByte(byte: number): number {
    let low = 0;
    let high = this.byteStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.byteStarts[mid]! <= byte) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** The byte offset where a 1-based line starts; the end of the text past the last line. */
  byteOfLine(line: number): number {
    return this.byteStarts[line - 1] ?? this.bytes.length;
  }

  /** A record from the end of the previous one: blank lines before it are not part of it. */
  record(previousEnd: number, end: number, fields: string[]): CsvRecord {
    let start = previousEnd;
    while (start < end && (this.bytes[start] === 0x0a || this.bytes[start] === 0x0d)) start++;
    return { line: this.lineAtByte(start), fields, start: this.charAt(start), end: this.charAt(end) };
  }

  private charAt(byte: number): number {
    if (byte >= this.bytes.length) return this.text.length;
    const line = this.lineAtByte(byte);
    const lineStart = this.byteStarts[line - 1]!;
    const char = this.charStarts[line - 1]!;
    return byte === lineStart ? char : char + this.bytes.subarray(lineStart, byte).toString('utf8').length;
  }
}

/**
 * What makes a spreadsheet run a cell as a formula instead of showing it: a first character of `=`, `+`,
 * `-`, `@`, tab, carriage return or line feed (OWASP, "CSV Injection"), and their full-width forms
 * (`＝`, `＋`, `－`, `＠`), which a Japanese IME types and Excel takes as the ASCII ones. Leading spaces
 * count too, because the wave import trims them and the value would then start with the trigger.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** The character that would make a spreadsheet run this cell as a formula, named for a person; else undefined. */
export function formulaTrigger(value: string): string | undefined {
  const first = /^[ \u3000]*(.)/su.exec(value);
  if (!first) return undefined;
  const char = first[1]!;
  const leadingSpace = first[0].length > char.length;
  if (leadingSpace && /\s/.test(char)) return undefined;
  if (!FORMULA_START.test(char.normalize('NFKC'))) return undefined;
  return { '\t': 'a tab', '\r': 'a carriage return', '\n': 'a line break' }[char] ?? `"${char}"`;
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
