/**
 * A migration wave as CSV: a header row naming the webhook's `data` fields, one employee per row. Every row
 * is checked with the webhook's own parser, and every problem is reported with its line and column, so the
 * file can be fixed in one go. Pure: no I/O.
 */

import { type CsvRecord, formulaTrigger, parseCsv } from '../../kernel/csv';
import { HIRE_EVENT_TYPE, type HireInput, type ParseHireOptions } from '../../kernel/hire/hire';
import { userNameKey } from '../../kernel/hire/user-name';
import { parseHireEvent } from '../hr-event-schema';

export const WAVE_COLUMNS = [
  'employeeId',
  'givenName',
  'familyName',
  'email',
  'userName',
  'startDate',
  'locale',
  'timeZone',
  'department',
  'jobTitle',
  'managerEmail',
  'managerLocale',
  'country',
  'directoryId',
] as const;
export const REQUIRED_WAVE_COLUMNS = [
  'employeeId',
  'givenName',
  'familyName',
  'email',
  'userName',
  'startDate',
];

import type { WaveProblem } from '../../kernel/errors';

export type { WaveProblem } from '../../kernel/errors';

export interface WaveRow {
  line: number;
  hire: HireInput;
  /** The row as an `employee.hired` webhook body: what the import feeds to the webhook path. */
  event: { type: string; data: Record<string, string> };
}

export interface ParsedWave {
  rows: WaveRow[];
  problems: WaveProblem[];
  /** Data rows in the file, valid or not. */
  total: number;
  /** Lines with at least one problem. */
  invalidLines: number[];
}

export interface WaveOptions extends ParseHireOptions {
  lineOffset?: number;
  /**
   * The directory a row lands in (the one it names, else the directory rules' choice): two rows claim the
   * same account when both land there.
   */
  directoryOf?: (hire: HireInput) => string;
}

export function parseWave(text: string, opts: WaveOptions): ParsedWave {
  const offset = opts.lineOffset ?? 0;
  const csv = parseCsv(text);
  const problems: WaveProblem[] = [];
  const at = (line: number) => line + (line > 1 ? offset : 0);
  const [header, ...records] = csv.records;
  if (!header) {
    return {
      rows: [],
      problems: [
        {
          line: 1,
          message: `the file is empty: the first line must name the columns (${REQUIRED_WAVE_COLUMNS.join(',')})`,
        },
      ],
      total: 0,
      invalidLines: [1],
    };
  }
  const columns = header.fields.map((f) => f.trim());
  const known = new Set<string>(WAVE_COLUMNS);
  const seenColumns = new Set<string>();
  for (const name of columns) {
    if (!known.has(name)) {
      problems.push({
        line: header.line,
        column: name || '(empty)',
        message: `unknown column: the header names webhook fields (${WAVE_COLUMNS.join(', ')})`,
      });
    } else if (seenColumns.has(name)) {
      problems.push({ line: header.line, column: name, message: 'the column appears twice' });
    }
    seenColumns.add(name);
  }
  for (const name of REQUIRED_WAVE_COLUMNS) {
    if (!seenColumns.has(name))
      problems.push({ line: header.line, column: name, message: 'required column is missing' });
  }
  const csvProblemsByLine = new Map<number, WaveProblem[]>();
  for (const p of csv.problems) {
    const problem: WaveProblem = {
      line: at(p.line),
      ...(p.column !== undefined ? { column: columns[p.column - 1] ?? `#${p.column}` } : {}),
      message: p.message,
    };
    if (p.line === header.line) problems.push(problem);
    else csvProblemsByLine.set(p.line, [...(csvProblemsByLine.get(p.line) ?? []), problem]);
  }
  const headerOk = problems.length === 0;

  const rows: WaveRow[] = [];
  const seen: Seen = { employees: new Map(), userNames: new Map() };
  for (const record of records) {
    const line = at(record.line);
    const rowProblems = csvProblemsByLine.get(record.line) ?? [];
    if (!rowProblems.length && headerOk) {
      // A row with a formula cell is never imported, but its other problems are reported too.
      const formulas = formulaCells(record, columns, line);
      const flagged = new Set(formulas.map((p) => p.column));
      const fields = checkRow(record, columns, line, opts, rows, seen);
      rowProblems.push(...formulas, ...fields.filter((p) => !p.column || !flagged.has(p.column)));
      if (formulas.length && rows.at(-1)?.line === line) rows.pop();
    }
    problems.push(...rowProblems);
  }
  const invalidLines = [...new Set(problems.map((p) => p.line))].sort((a, b) => a - b);
  return { rows: headerOk ? rows : [], problems, total: records.length, invalidLines };
}

/**
 * Cells a spreadsheet would run as a formula are refused, whatever the column: the file is data, and a
 * value stored from it may be shown or exported again.
 */
function formulaCells(record: CsvRecord, columns: string[], line: number): WaveProblem[] {
  const problems: WaveProblem[] = [];
  record.fields.forEach((value, i) => {
    const trigger = formulaTrigger(value);
    if (trigger === undefined) return;
    problems.push({
      line,
      column: columns[i] ?? `#${i + 1}`,
      message: `starts with ${trigger}: a spreadsheet would run it as a formula; remove it (cells may not start with =, +, -, @ in either width, a tab or a line break)`,
    });
  });
  return problems;
}

/** The first line of each employee and of each account (directory + user name, case-insensitive). */
interface Seen {
  employees: Map<string, number>;
  userNames: Map<string, { line: number; userName: string }>;
}

/** The account a row names: its directory and its user name as AD compares it. */
export function accountKey(hire: Pick<HireInput, 'directoryId' | 'userName'>, directoryId = ''): string {
  return `${hire.directoryId ?? directoryId}#${userNameKey(hire.userName)}`;
}

function checkRow(
  record: CsvRecord,
  columns: string[],
  line: number,
  opts: WaveOptions,
  rows: WaveRow[],
  seen: Seen,
): WaveProblem[] {
  if (record.fields.length !== columns.length) {
    return [{ line, message: `has ${record.fields.length} fields, the header has ${columns.length}` }];
  }
  const data: Record<string, string> = {};
  columns.forEach((name, i) => {
    const value = record.fields[i]!.trim();
    // An empty cell is "not given", as an absent field in the webhook (config defaults apply).
    if (value !== '') data[name] = value;
  });
  const event = { type: HIRE_EVENT_TYPE, data };
  const parsed = parseHireEvent(event, opts);
  if (parsed.kind === 'invalid') {
    return parsed.errors.map((e) => ({ line, column: e.field.replace(/^data\./, ''), message: e.message }));
  }
  if (parsed.kind !== 'hire') return [{ line, message: 'not a hire' }];
  const earlier = seen.employees.get(parsed.hire.employeeId);
  if (earlier !== undefined) {
    return [
      {
        line,
        column: 'employeeId',
        message: `${parsed.hire.employeeId} is also on line ${earlier}`,
        conflict: true,
      },
    ];
  }
  const account = accountKey(parsed.hire, opts.directoryOf?.(parsed.hire));
  const sameAccount = seen.userNames.get(account);
  if (sameAccount !== undefined) {
    return [
      {
        line,
        column: 'userName',
        message: `${parsed.hire.userName} is the user name of line ${sameAccount.line} (${sameAccount.userName}): one account per person`,
        conflict: true,
      },
    ];
  }
  seen.employees.set(parsed.hire.employeeId, line);
  seen.userNames.set(account, { line, userName: parsed.hire.userName });
  rows.push({ line, hire: parsed.hire, event });
  return [];
}
