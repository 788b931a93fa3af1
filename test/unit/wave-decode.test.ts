import { describe, expect, it } from 'vitest';
import { adminApiFunction } from '../../functions/admin-api/handler';
import type { AdminApiDeps } from '../../functions/admin-api/routes/route';
import { parseAdminTokens } from '../../src/admin/tokens';
import { decodeWave, decodeWaveBody, waveEncoding } from '../../src/intake/wave/decode';
import { parseWave } from '../../src/intake/wave/wave';
import { appWorld } from '../support/fakes';
import { httpRequest } from '../support/lambda';
import { encodeShiftJis } from '../support/shift-jis';

/**
 * Wave files as HR systems export them: UTF-8 with or without a byte order mark, UTF-16 with one, and
 * Shift_JIS (Japanese Excel's CSV). One decoding rule for the CLI and the admin API; nothing undecodable
 * is taken in, and U+FFFD never reaches a field.
 */
const HEADER = 'employeeId,givenName,familyName,email,userName,startDate,jobTitle';
const ROW = 'E-1,太郎,山田,taro.yamada@example.co.jp,tyamada,2027-04-01,営業部　課長';
const CSV = `${HEADER}\r\n${ROW}\r\n`;
const OPTS = {
  supportedLocales: ['en', 'ja'],
  now: new Date('2027-01-10T00:00:00Z'),
  defaultTimeZone: 'Asia/Tokyo',
};

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const bom = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff] };
const withBom = (kind: keyof typeof bom, bytes: Buffer) => Buffer.concat([Buffer.from(bom[kind]), bytes]);

describe('a wave file is read in the encoding it was written in', () => {
  it.each([
    ['UTF-8', Buffer.from(CSV), 'utf-8', true],
    ['UTF-8 with a byte order mark', withBom('utf-8', Buffer.from(CSV)), 'utf-8', false],
    ['UTF-16LE with a byte order mark', withBom('utf-16le', Buffer.from(CSV, 'utf16le')), 'utf-16le', false],
    ['UTF-16BE with a byte order mark', withBom('utf-16be', utf16be(CSV)), 'utf-16be', false],
    ['Shift_JIS (CP932), detected', encodeShiftJis(CSV), 'shift_jis', true],
  ])('%s: 山田 太郎 as written, every column known', (_, bytes, encoding, detected) => {
    const decoded = decodeWave(bytes);
    expect(decoded).toEqual({ ok: true, text: CSV, encoding, detected });
    const wave = parseWave(decoded.ok ? decoded.text : '', OPTS);
    expect(wave.problems).toEqual([]);
    expect(wave.rows[0]!.hire).toMatchObject({
      givenName: '太郎',
      familyName: '山田',
      jobTitle: '営業部　課長',
    });
  });

  it('takes the encoding it is told: Shift_JIS named by any of its names', () => {
    for (const label of ['shift_jis', 'Shift-JIS', 'sjis', 'cp932', 'windows-31j', 'MS932']) {
      const decoded = decodeWave(encodeShiftJis(CSV), waveEncoding(label));
      expect(decoded, label).toMatchObject({ ok: true, text: CSV, encoding: 'shift_jis', detected: false });
    }
    expect(waveEncoding('latin1')).toBeUndefined();
  });

  it('a byte the encoding refuses: the line it is on, and what to do', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n`), encodeShiftJis(`${ROW}\n`)]);
    expect(decodeWave(bytes, 'utf-8')).toMatchObject({
      ok: false,
      problem: {
        line: 2,
        message: expect.stringMatching(
          /^has bytes that are not UTF-8 \(the encoding named\): save the file as UTF-8, or name its encoding \(utf-8, utf-16le, utf-16be, shift_jis\)$/,
        ),
      },
    });
    // Windows-1252 is neither UTF-8 nor Shift_JIS Japanese text: refused, never stored as mojibake.
    const latin = Buffer.from(
      `${HEADER}\nE-1,Jos\xe9,Garc\xeda,j@example.com,jgarcia,2027-04-01,x\n`,
      'latin1',
    );
    expect(decodeWave(latin)).toMatchObject({
      ok: false,
      problem: {
        line: 2,
        message: expect.stringContaining('not UTF-8, nor is the file Shift_JIS Japanese text'),
      },
    });
  });

  it('UTF-16 without a byte order mark is named as such, not read as columns " j o b T i t l e"', () => {
    expect(decodeWave(Buffer.from(CSV, 'utf16le'))).toMatchObject({
      ok: false,
      problem: { line: 1, message: expect.stringContaining('looks like UTF-16 without a byte order mark') },
    });
    expect(decodeWave(Buffer.from(CSV, 'utf16le'), 'utf-16le')).toMatchObject({ ok: true, text: CSV });
  });

  it('U+FFFD, a character an earlier conversion lost, is never taken in', () => {
    const bytes = Buffer.from(`${HEADER}\nE-1,\ufffd\ufffd,山田,t@example.co.jp,tyamada,2027-04-01,x\n`);
    expect(decodeWave(bytes)).toMatchObject({
      ok: false,
      problem: { line: 2, message: expect.stringContaining('holds U+FFFD') },
    });
  });

  it('a body API Gateway handed over as text: the text as it came; lost bytes named with the charset the request gave', () => {
    const lost = Buffer.from(new TextDecoder('utf-8').decode(encodeShiftJis(CSV)));
    expect(decodeWaveBody(lost, { charset: 'shift_jis', receivedAsText: true })).toMatchObject({
      ok: false,
      problem: {
        line: 2,
        message: expect.stringContaining(
          'the API received the body as text (the request says charset=shift_jis)',
        ),
      },
    });
    const asText = (bytes: Buffer) => Buffer.from(new TextDecoder('utf-8').decode(bytes));
    const u16 = withBom('utf-16le', Buffer.from(CSV, 'utf16le'));
    expect(decodeWaveBody(asText(u16), { receivedAsText: true })).toMatchObject({
      ok: false,
      problem: {
        line: 1,
        message: expect.stringContaining('the API received the body as text, and its bytes'),
      },
    });
    const ascii = `${HEADER}\nE-1,Taro,Yamada,t@example.co.jp,tyamada,2027-04-01,Sales\n`;
    expect(decodeWaveBody(asText(Buffer.from(ascii, 'utf16le')), { receivedAsText: true })).toMatchObject({
      ok: false,
      problem: { line: 1, message: expect.stringContaining('looks like UTF-16 without a byte order mark') },
    });
    expect(decodeWaveBody(Buffer.from(CSV), { receivedAsText: true })).toMatchObject({ ok: true, text: CSV });
    expect(
      decodeWaveBody(encodeShiftJis(CSV), { charset: 'shift_jis', receivedAsText: false }),
    ).toMatchObject({
      ok: true,
      text: CSV,
    });
  });
});

describe('POST /admin/imports', () => {
  const TOKEN = 'alice-token-0123456789abcdefghij';
  function api() {
    const w = appWorld({ start: '2027-01-10T00:00:00Z' });
    const deps: AdminApiDeps = { ...w.deps, tokens: async () => parseAdminTokens(`alice:${TOKEN}`) };
    const call = adminApiFunction(() => deps);
    const post = (body: Buffer, contentType: string) =>
      call(
        httpRequest('POST', '/admin/imports', {
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType },
          queryStringParameters: { dryRun: 'true' },
          body: body.toString('base64'),
          isBase64Encoded: true,
        }),
      );
    return { post };
  }

  it('decodes the bytes with the charset of the Content-Type, and says how it read them', async () => {
    const { post } = api();
    const res = await post(encodeShiftJis(CSV), 'text/csv; charset="Shift_JIS"');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({
      dryRun: true,
      total: 1,
      problems: [],
      encoding: 'shift_jis',
    });
  });

  it('an undecodable byte: 400 naming the line; an unknown charset: 415', async () => {
    const { post } = api();
    const bad = await post(encodeShiftJis(CSV), 'text/csv; charset=utf-8');
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body!).errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('not UTF-8') }),
    ]);
    const unknown = await post(Buffer.from(CSV), 'text/csv; charset=latin1');
    expect(unknown.statusCode).toBe(415);
    expect(JSON.parse(unknown.body!).detail).toContain('charset=latin1 is not read');
  });
});
