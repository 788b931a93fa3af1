import { describe, expect, it } from 'vitest';
import { chunkWave } from '../../cli/wave-chunks';
import { parseWave } from '../../src/intake/wave/wave';
import { parseCsv } from '../../src/kernel/csv';

const LOCALES = ['en', 'ja'];
const OPTS = {
  supportedLocales: LOCALES,
  now: new Date('2026-11-30T03:00:00Z'),
  defaultTimeZone: 'Asia/Tokyo',
};
const HEADER = 'employeeId,givenName,familyName,email,userName,startDate';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, a BOM, and skips blank lines', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"multi\nline",z\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'say "hi"']],
      [4, ['2', 'multi\nline', 'z']],
    ]);
    expect(text.slice(records[2]!.start, records[2]!.end)).toBe('2,"multi\nline",z\n');
  });

  it('reports an unclosed quote and a stray quote with line and field number', () => {
    expect(parseCsv('a,b\n1,x"y\n').problems).toEqual([
      { line: 2, column: 2, message: expect.stringContaining('quote') },
    ]);
    expect(parseCsv('a,b\n1,"ab"c\n').problems).toEqual([
      { line: 2, column: 2, message: expect.stringContaining('quote') },
    ]);
    expect(parseCsv('a,b\n1,"open\n2,3\n').problems).toEqual([
      { line: 2, column: 2, message: expect.stringContaining('never closed') },
    ]);
  });

  it('keeps a last line without a line break and an empty last field', () => {
    expect(parseCsv('a,b\n1,').records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });
});

describe('parseWave', () => {
  it('turns valid rows into webhook bodies; empty cells are "not given"', () => {
    const wave = parseWave(`${HEADER},locale\nE-1,Taro,Kimura,t.k@example.co.jp,tkimura,2027-04-01,\n`, OPTS);
    expect(wave.problems).toEqual([]);
    expect(wave.rows).toEqual([
      {
        line: 2,
        hire: expect.objectContaining({ employeeId: 'E-1', userName: 'tkimura' }),
        event: {
          type: 'employee.hired',
          data: {
            employeeId: 'E-1',
            givenName: 'Taro',
            familyName: 'Kimura',
            email: 't.k@example.co.jp',
            userName: 'tkimura',
            startDate: '2027-04-01',
          },
        },
      },
    ]);
  });

  it('lists every bad line and column at once, with the webhook parser messages', () => {
    const wave = parseWave(
      [
        HEADER,
        'E-1,Taro,Kimura,t.k@example.co.jp,tkimura,2027-04-01',
        'E-2,,Sato,nope,ssato,2027-02-30',
        'E-3,Jiro,Sato,j.s@example.co.jp,js',
        'E-1,Again,Kimura,a.k@example.co.jp,akimura,2027-04-01',
        'E 4,Hana,Ito,h.i@example.co.jp,"h""ito",2027-04-01',
      ].join('\n'),
      OPTS,
    );
    expect(wave.problems.map((p) => `${p.line} ${p.column ?? '-'}`)).toEqual([
      '3 givenName',
      '3 email',
      '3 startDate',
      '4 -',
      '5 employeeId',
      '6 employeeId',
      '6 userName',
    ]);
    expect(wave.problems.find((p) => p.line === 4)?.message).toBe('has 5 fields, the header has 6');
    expect(wave.problems.find((p) => p.line === 5)?.message).toBe('E-1 is also on line 2');
    expect(wave.invalidLines).toEqual([3, 4, 5, 6]);
    expect(wave.total).toBe(5);
    expect(wave.rows.map((r) => r.line)).toEqual([2]);
  });

  it('refuses a start date more than 365 days ahead with its line and column', () => {
    const wave = parseWave(
      [
        HEADER,
        'E-1,Taro,Kimura,t.k@example.co.jp,tkimura,2027-11-30',
        'E-2,Jiro,Sato,j.s@example.co.jp,jsato,2027-12-01',
        'E-3,Hana,Ito,h.i@example.co.jp,hito,2099-04-01',
      ].join('\n'),
      OPTS,
    );
    expect(wave.problems).toEqual([
      { line: 3, column: 'startDate', message: 'must be at most 365 days ahead (2027-11-30 or earlier)' },
      { line: 4, column: 'startDate', message: 'must be at most 365 days ahead (2027-11-30 or earlier)' },
    ]);
    expect(wave.rows.map((r) => r.line)).toEqual([2]);
  });

  it('checks the header: unknown, repeated and missing columns', () => {
    const wave = parseWave('employeeId,givenName,givenName,mail\nE-1,a,b,c\n', OPTS);
    expect(wave.problems.map((p) => `${p.line} ${p.column}`)).toEqual([
      '1 givenName',
      '1 mail',
      '1 familyName',
      '1 email',
      '1 userName',
      '1 startDate',
    ]);
    expect(wave.rows).toEqual([]);
    expect(parseWave('', OPTS).problems[0]?.message).toMatch(/empty/);
  });

  it('shifts line numbers by lineOffset (a chunk of a bigger file)', () => {
    const wave = parseWave(`${HEADER}\nE-9,,x,y,z,2027-04-01\n`, {
      ...OPTS,
      lineOffset: 40,
    });
    expect(new Set(wave.problems.map((p) => p.line))).toEqual(new Set([42]));
  });
});

describe('chunkWave (the CLI sends big files in parts)', () => {
  it('keeps the header in every chunk and every line number as in the file', () => {
    const rows = Array.from({ length: 5 }, (_, i) => `E-${i},"a\nb",c,d@example.com,u${i},2027-04-01`);
    const text = `${HEADER}\n${rows.join('\n')}\n`;
    const { chunks, duplicates } = chunkWave(text, 2);
    expect(chunks.map((c) => c.rows)).toEqual([2, 2, 1]);
    expect(duplicates).toEqual([]);
    for (const chunk of chunks) expect(chunk.text.startsWith(`${HEADER}\n`)).toBe(true);
    // Each row spans two lines: rows start on lines 2, 4, 6, 8, 10.
    const firstLines = chunks.map((c) => parseCsv(c.text).records[1]!.line + c.lineOffset);
    expect(firstLines).toEqual([2, 6, 10]);
  });

  it('finds the same employee in two chunks', () => {
    const text = `${HEADER}\nE-1,a,b,c@x.io,u1,2027-04-01\nE-2,a,b,c@x.io,u2,2027-04-01\nE-1,a,b,c@x.io,u3,2027-04-01\n`;
    expect(chunkWave(text, 1).duplicates).toEqual([
      { line: 4, column: 'employeeId', message: 'E-1 is also on line 2' },
    ]);
  });
});

describe('one account per person in a wave', () => {
  const rows = (...lines: string[]) => [HEADER, ...lines].join('\n');
  it('the same user name twice, in any case: the second line’s userName, naming the first line', () => {
    const wave = parseWave(
      rows(
        'I-1,A,One,a@example.com,sameuser,2027-04-01',
        'I-2,B,Two,b@example.com,other,2027-04-01',
        'I-3,C,Three,c@example.com,SameUser,2027-04-01',
      ),
      OPTS,
    );
    expect(wave.problems).toEqual([
      {
        line: 4,
        column: 'userName',
        message: 'SameUser is the user name of line 2 (sameuser): one account per person',
        conflict: true,
      },
    ]);
    expect(wave.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('the same name in two directories is two accounts; the default directory counts for a row naming none', () => {
    const csv = [
      `${HEADER},directoryId`,
      'I-1,A,One,a@example.com,same,2027-04-01,d-95671a2b3c',
      'I-2,B,Two,b@example.com,same,2027-04-01,d-90676d4e5f',
      'I-3,C,Three,c@example.com,SAME,2027-04-01,',
    ].join('\n');
    const wave = parseWave(csv, { ...OPTS, directoryOf: (h) => h.directoryId ?? 'd-95671a2b3c' });
    expect(wave.problems).toEqual([expect.objectContaining({ line: 4, column: 'userName' })]);
  });

  it('the CLI finds the same account across the chunks it sends separately', () => {
    const csv = rows(
      ...Array.from({ length: 60 }, (_, i) => `C-${i},A,B,c${i}@example.com,user${i},2027-04-01`),
      'C-60,A,B,c60@example.com,USER3,2027-04-01',
    );
    const { chunks, duplicates } = chunkWave(csv, 50);
    expect(chunks).toHaveLength(2);
    expect(duplicates).toEqual([
      {
        line: 62,
        column: 'userName',
        message: 'USER3 is the user name of line 5 (user3): one account per person',
      },
    ]);
  });
});
