import { describe, expect, it } from 'vitest';
import { chunkWave } from '../../cli/wave-chunks';
import { parseCsv } from '../../src/kernel/csv';

describe('parseCsv on csv-parse', () => {
  it('carries on after a malformed record and reports each one on the line its record starts', () => {
    const text = 'a,b\n1,"ab"c\n2,ok\n3,x"y\n4,"multi\nline"z\n5,fine\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([
      { line: 2, column: 2, message: expect.stringContaining('quote') },
      { line: 4, column: 2, message: expect.stringContaining('quote') },
      { line: 5, column: 2, message: expect.stringContaining('quote') },
    ]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, []],
      [3, ['2', 'ok']],
      [4, []],
      [5, []],
      [7, ['5', 'fine']],
    ]);
    expect(text.slice(records[4]!.start, records[4]!.end)).toBe('4,"multi\nline"z\n');
  });

  it('gives character offsets, whatever the bytes of the text', () => {
    const text = '\ufeffname,city\r\n\r\n山田,"東京, 日本"\r\n😀,x\r';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.fields, text.slice(r.start, r.end)])).toEqual([
      [1, ['name', 'city'], '\ufeffname,city\r\n'.slice(1)],
      [3, ['山田', '東京, 日本'], '山田,"東京, 日本"\r\n'],
      [4, ['😀', 'x'], '😀,x\r'],
    ]);
  });

  it('reads CR, LF and CRLF line ends in one file', () => {
    expect(parseCsv('a,b\r1,2\n3,4\r\n5,6').records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', '6']],
    ]);
  });

  it('keeps a record left open to the end of the file as one malformed record', () => {
    const { records, problems } = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(problems).toEqual([{ line: 3, column: 2, message: 'a quoted field is never closed (missing ")' }]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(records[2]!.end).toBe('a,b\n1,2\n3,"open\n4,5\n'.length);
  });

  it('sends a malformed row to the server inside a chunk, so its problem is reported there', () => {
    const header = 'employeeId,givenName,familyName,email,userName,startDate';
    const text = `${header}\nE-1,a,b,c@x.io,u1,2027-04-01\nE-2,"a"b,b,c@x.io,u2,2027-04-01\nE-3,a,b,c@x.io,u3,2027-04-01\n`;
    const { chunks } = chunkWave(text, 1);
    expect(chunks.map((c) => c.rows)).toEqual([1, 1, 1]);
    expect(chunks[1]!.text).toBe(`${header}\nE-2,"a"b,b,c@x.io,u2,2027-04-01\n`);
    expect(parseCsv(chunks[1]!.text).problems.map((p) => p.line + chunks[1]!.lineOffset)).toEqual([3]);
  });
});
