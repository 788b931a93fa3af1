import { describe, expect, it } from 'vitest';
import { parseHireEvent } from '../../src/intake/hr-event-schema';
import { parseWave } from '../../src/intake/wave/wave';
import { csvField, formulaTrigger, parseCsv } from '../../src/kernel/csv';
import { formatAllowlist } from '../../src/network/format';

/**
 * Finding 6 of issue 11: invisible and direction characters and lone surrogates in names were accepted,
 * and CSV cells starting with =, +, -, @ were stored and shown as they were. One character rule serves the
 * webhook and the wave import; formula cells are refused on import and neutralised in every CSV we write.
 */
const OPTS = {
  supportedLocales: ['en', 'ja'],
  now: new Date('2026-11-30T03:00:00Z'),
  defaultTimeZone: 'Asia/Tokyo',
};

const hire = (data: Record<string, string>) =>
  parseHireEvent(
    {
      type: 'employee.hired',
      data: {
        employeeId: 'E-1',
        givenName: 'Taro',
        familyName: 'Kimura',
        email: 'taro.kimura@example.co.jp',
        userName: 'tkimura',
        startDate: '2027-04-01',
        ...data,
      },
    },
    OPTS,
  );

const code = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

describe('names, labels and user names refuse what a reader cannot see', () => {
  const invisible = [
    '\u200b', // zero-width space
    '\u200c', // zero-width non-joiner
    '\u200d', // zero-width joiner
    '\u2060', // word joiner
    '\ufeff', // zero-width no-break space (BOM)
    '\u00ad', // soft hyphen
    '\u200e', // left-to-right mark
    '\u200f', // right-to-left mark
    '\u061c', // Arabic letter mark
    '\u202a', // left-to-right embedding
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e', // right-to-left override
    '\u2066', // left-to-right isolate
    '\u2067',
    '\u2068',
    '\u2069', // pop directional isolate
    '\u2028', // line separator
    '\u3164', // Hangul filler
  ];

  it.each(invisible.map((c) => [code(c), c]))('%s in any name field → 400 naming the field', (_, char) => {
    for (const field of ['givenName', 'familyName', 'department', 'jobTitle']) {
      const result = hire({ [field]: `Ta${char}ro` });
      expect(result).toEqual({
        kind: 'invalid',
        errors: [
          {
            field: `data.${field}`,
            message: `must not contain invisible or text-direction characters (${code(char)} at character 3)`,
          },
        ],
      });
    }
    expect(hire({ userName: `tki${char}mura` })).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'data.userName', message: expect.stringContaining(code(char)) }],
    });
  });

  it('refuses lone surrogates (not text) and control characters, naming where', () => {
    expect(hire({ familyName: 'Kim\ud800ura' })).toEqual({
      kind: 'invalid',
      errors: [
        {
          field: 'data.familyName',
          message: 'must be well-formed Unicode: a lone surrogate (U+D800 at character 4)',
        },
      ],
    });
    expect(hire({ givenName: '\udc00Taro' })).toMatchObject({
      errors: [{ field: 'data.givenName', message: expect.stringContaining('lone surrogate (U+DC00') }],
    });
    expect(hire({ userName: 'tk\u0007imura' })).toMatchObject({
      errors: [
        { field: 'data.userName', message: 'must not contain control characters (U+0007 at character 3)' },
      ],
    });
  });

  it('still accepts real names: accents, kana and kanji, kanji variation selectors, a pair of emoji', () => {
    for (const givenName of ['José', '花子', 'ハナコ', '葛\u{e0100}', "O'Brien", 'Zoë-Anne', 'Ana 😀']) {
      expect(hire({ givenName }).kind, givenName).toBe('hire');
    }
  });

  it('is the same rule in the wave import, reported with line and column', () => {
    const wave = parseWave(
      'employeeId,givenName,familyName,email,userName,startDate\n' +
        'E-1,Taro,Kimura,t.k@example.co.jp,tkimura,2027-04-01\n' +
        'E-2,Hana\u202eko,Sato,h.s@example.co.jp,hsato,2027-04-01\n',
      OPTS,
    );
    expect(wave.problems).toEqual([
      {
        line: 3,
        column: 'givenName',
        message: 'must not contain invisible or text-direction characters (U+202E at character 5)',
      },
    ]);
    expect(wave.rows.map((r) => r.line)).toEqual([2]);
  });
});

describe('U+FFFD, where a conversion lost a character', () => {
  it.each(['givenName', 'familyName', 'department', 'jobTitle', 'userName'])(
    'is refused in %s, with where it is',
    (field) => {
      const parsed = hire({ [field]: 'ab\ufffd' });
      expect(parsed).toEqual({
        kind: 'invalid',
        errors: [
          {
            field: `data.${field}`,
            message:
              'must not contain U+FFFD, the mark of a character lost in a conversion (U+FFFD at character 3): send the name as written',
          },
        ],
      });
    },
  );
});

describe('CSV cells a spreadsheet would run as a formula', () => {
  const HEADER = 'employeeId,givenName,familyName,email,userName,startDate,department';
  const row = (department: string) => `E-1,Taro,Kimura,t.k@example.co.jp,tkimura,2027-04-01,${department}\n`;

  it.each([
    ['"=HYPERLINK(""http://x"")"', '"="'],
    ['+1+2', '"+"'],
    ['-2+3', '"-"'],
    ['@SUM(1)', '"@"'],
    ['"\tSales"', 'a tab'],
    ['"\rSales"', 'a carriage return'],
    ['  =1+1', '"="'],
    ['＝1+1', '"＝"'],
    ['＋81-3-1234', '"＋"'],
    ['－5', '"－"'],
    ['＠SUM(1)', '"＠"'],
    ['　＝1+1', '"＝"'],
    ['﹦1', '"﹦"'],
  ])('%j is refused on import with its line and column', (cell, named) => {
    const wave = parseWave(`${HEADER}\n${row(cell)}`, OPTS);
    expect(wave.problems).toEqual([
      { line: 2, column: 'department', message: expect.stringContaining(`starts with ${named}`) },
    ]);
    expect(wave.rows).toEqual([]);
    expect(wave.invalidLines).toEqual([2]);
  });

  it('reports the other problems of that row too, and keeps plain cells', () => {
    const wave = parseWave(
      `${HEADER}\nE-1,@Taro,Kimura,not-an-email,tkimura,2027-04-01,Sales\nE-2,Hana,Sato,h.s@example.co.jp,hsato,2027-04-01,R-D\n`,
      OPTS,
    );
    expect(wave.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'givenName'],
      [2, 'email'],
    ]);
    expect(wave.rows.map((r) => r.line)).toEqual([3]);
  });

  it('names the trigger, and leaves ordinary values alone', () => {
    expect(formulaTrigger('=1')).toBe('"="');
    expect(formulaTrigger('\nx')).toBe('a line break');
    for (const ok of [
      'Sales',
      'R&D',
      'a=b',
      'x-1',
      '1-2',
      'name@example.com',
      '',
      '営業＝第一',
      '　営業部',
    ]) {
      expect(formulaTrigger(ok), ok).toBeUndefined();
    }
  });

  it("is neutralised wherever we write CSV: a leading ' and quotes, as OWASP describes", () => {
    // OWASP's own examples.
    expect(csvField('=1+2";=1+2')).toBe(`"'=1+2"";=1+2"`);
    expect(csvField(`=1+2'" ;,=1+2`)).toBe(`"'=1+2'"" ;,=1+2"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\tx')).toBe(`"'\tx"`);
    expect(csvField('-10')).toBe(`"'-10"`);
    expect(csvField('＝1+1')).toBe(`"'＝1+1"`);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    // Read back, the cell is the text a spreadsheet shows, never a formula.
    expect(parseCsv(`${csvField('=cmd|x')}\n`).records[0]!.fields).toEqual(["'=cmd|x"]);
  });

  it('the allowlist CSV goes through the same writer', () => {
    const csv = formatAllowlist(
      {
        region: 'ap-northeast-1',
        syncToken: '1',
        createDate: '2027-01-01',
        protocols: ['PCOIP'],
        globalAccelerator: false,
        page: { url: 'https://docs.aws.amazon.com/' },
        rules: [{ destination: '=1+1', protocol: 'TCP', port: 443, purpose: '@evil', family: 4 }],
        domains: [],
        gaps: [],
      },
      'csv',
    );
    expect(csv).toBe(`destination,protocol,port,purpose\n"'=1+1",TCP,443,"'@evil"\n`);
  });
});
