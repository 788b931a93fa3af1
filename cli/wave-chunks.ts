/**
 * How the CLI sends a big wave file: the header plus N rows per request, each line keeping its number in the
 * file, and the duplicates across requests (the same employee or account twice) found here.
 */
import { accountKey } from '../src/intake/wave/wave';
import { parseCsv } from '../src/kernel/csv';

/** Rows per request: small enough for a steady progress bar, far inside the API's time limit. */
export const IMPORT_CHUNK_ROWS = 50;

export interface Chunk {
  text: string;
  lineOffset: number;
  rows: number;
}

/** Splits a wave into header + N rows per request, keeping every line number as in the file. */
export function chunkWave(
  text: string,
  rowsPerChunk = IMPORT_CHUNK_ROWS,
): { chunks: Chunk[]; duplicates: Problem[] } {
  const { records } = parseCsv(text);
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    return { chunks: [{ text, lineOffset: 0, rows: rows.length }], duplicates: [] };
  const headerText = text.slice(0, header.end);
  const headerLines = headerText.match(/\r\n|\r|\n/g)?.length ?? 0;
  const chunks: Chunk[] = [];
  for (let i = 0; i < rows.length; i += rowsPerChunk) {
    const part = rows.slice(i, i + rowsPerChunk);
    chunks.push({
      text: headerText + text.slice(part[0]!.start, part[part.length - 1]!.end),
      lineOffset: part[0]!.line - (headerLines + 1),
      rows: part.length,
    });
  }
  // Each request checks its own rows; the same employee or account in two requests is caught here.
  const columns = header.fields.map((f) => f.trim());
  const [idColumn, userColumn, directoryColumn] = ['employeeId', 'userName', 'directoryId'].map((c) =>
    columns.indexOf(c),
  ) as [number, number, number];
  const duplicates: Problem[] = [];
  const firstEmployee = new Map<string, number>();
  const firstAccount = new Map<string, { line: number; userName: string }>();
  for (const row of rows) {
    const id = idColumn >= 0 ? row.fields[idColumn]?.trim() : undefined;
    const earlier = id ? firstEmployee.get(id) : undefined;
    if (id && earlier !== undefined) {
      duplicates.push({ line: row.line, column: 'employeeId', message: `${id} is also on line ${earlier}` });
      continue;
    }
    if (id) firstEmployee.set(id, row.line);
    const userName = userColumn >= 0 ? row.fields[userColumn]?.trim() : undefined;
    if (!userName) continue;
    const directoryId = directoryColumn >= 0 ? row.fields[directoryColumn]?.trim() || undefined : undefined;
    const account = accountKey({ userName, ...(directoryId ? { directoryId } : {}) });
    const first = firstAccount.get(account);
    if (first === undefined) firstAccount.set(account, { line: row.line, userName });
    else
      duplicates.push({
        line: row.line,
        column: 'userName',
        message: `${userName} is the user name of line ${first.line} (${first.userName}): one account per person`,
      });
  }
  return { chunks, duplicates };
}

export interface Problem {
  line: number;
  column?: string;
  message: string;
}
