/**
 * The bytes of a wave file as HR systems export them, decoded to text: UTF-8 with or without a byte order
 * mark, UTF-16 (little or big endian) with one, and Shift_JIS (Windows code page 932, what Japanese Excel
 * writes as "CSV"). The one decoding rule of the import: the CLI reads a file with it, the API a request's
 * body. Decoding is strict: a byte that is not text in the encoding is reported with its line, never
 * replaced, and U+FFFD (a character lost by an earlier conversion) is never taken in.
 */
import type { WaveProblem } from './wave';

export const WAVE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'shift_jis'] as const;
export type WaveEncoding = (typeof WAVE_ENCODINGS)[number];

/** What people and programs call the encodings (WHATWG labels, plus Windows' names for code page 932). */
const LABELS: Record<string, WaveEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  'x-sjis': 'shift_jis',
  ms_kanji: 'shift_jis',
  csshiftjis: 'shift_jis',
  'windows-31j': 'shift_jis',
  ms932: 'shift_jis',
  cp932: 'shift_jis',
  'windows-932': 'shift_jis',
};

const NAMES: Record<WaveEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  shift_jis: 'Shift_JIS',
};

export type DecodedWave =
  | { ok: true; text: string; encoding: WaveEncoding; detected: boolean }
  | { ok: false; problem: WaveProblem; encodingTried: WaveEncoding };

/** The encoding a label names, or undefined. */
export function waveEncoding(label: string): WaveEncoding | undefined {
  return LABELS[label.trim().toLowerCase()];
}

export const ENCODING_LABEL_MESSAGE = `must name one of ${WAVE_ENCODINGS.join(', ')} (cp932 and windows-31j are shift_jis)`;

/**
 * Decodes a wave. A byte order mark decides; else the `declared` encoding (the CLI's --encoding, the
 * request's charset); else UTF-8 when the bytes are UTF-8, Shift_JIS when they are Shift_JIS holding
 * Japanese text, and otherwise a problem that names what was tried.
 */
export function decodeWave(bytes: Uint8Array, declared?: WaveEncoding): DecodedWave {
  const bom = byteOrderMark(bytes);
  if (bom)
    return explained(
      decodeAs(bytes.subarray(bom.length), bom.encoding, false),
      'its byte order mark says so',
    );
  if (declared) return explained(decodeAs(bytes, declared, false), 'the encoding named');
  if (looksLikeUtf16(bytes)) {
    return problem(
      1,
      'the file looks like UTF-16 without a byte order mark: save it as UTF-8 (or "Unicode text" with its byte order mark), or name its encoding (utf-16le or utf-16be)',
    );
  }
  const utf8 = decodeAs(bytes, 'utf-8', true);
  if (utf8.ok) return utf8;
  const sjis = decodeAs(bytes, 'shift_jis', true);
  if (sjis.ok && JAPANESE.test(sjis.text) && !NOT_SHIFT_JIS_TEXT.test(sjis.text)) return sjis;
  if (utf8.problem.message !== NOT_TEXT) return utf8;
  return problem(
    utf8.problem.line,
    `${NOT_TEXT} UTF-8, nor is the file Shift_JIS Japanese text: ${SUGGESTION}`,
  );
}

const NOT_TEXT = 'has bytes that are not';
const LOST = 'holds U+FFFD';
const SUGGESTION = `save the file as UTF-8, or name its encoding (${WAVE_ENCODINGS.join(', ')})`;

function explained(decoded: DecodedWave, why: string): DecodedWave {
  if (decoded.ok || decoded.problem.message !== NOT_TEXT) return decoded;
  return problem(decoded.problem.line, `${NOT_TEXT} ${NAMES[decoded.encodingTried]} (${why}): ${SUGGESTION}`);
}

// Kana and kanji: what makes bytes that decode as Shift_JIS Japanese text rather than chance.
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
// Half-width katakana and the private-use area: single bytes and user-defined codes of Shift_JIS, which
// is what a file in another 8-bit encoding (Windows-1252 accents) becomes when read as Shift_JIS.
const NOT_SHIFT_JIS_TEXT = /[\uff61-\uff9f\ue000-\uf8ff]/u;

function byteOrderMark(bytes: Uint8Array): { encoding: WaveEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Text in UTF-16 has a zero byte in most ASCII characters; UTF-8 and Shift_JIS text never has one. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros++;
  return sample.length >= 2 && zeros >= sample.length / 4;
}

function decodeAs(bytes: Uint8Array, encoding: WaveEncoding, detected: boolean): DecodedWave {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return problem(firstBadLine(bytes, encoding), NOT_TEXT, encoding);
  }
  const lost = text.indexOf('\ufffd');
  if (lost >= 0) {
    return problem(
      lineAt(text, lost),
      `${LOST}, a character lost when the file was converted before (read as ${NAMES[encoding]}): export it again from the HR system, or fix the line`,
      encoding,
    );
  }
  return { ok: true, text, encoding, detected };
}

/**
 * The 1-based line of the first byte the encoding refuses. Lines are decoded one at a time: a line feed
 * never appears inside a UTF-8 or Shift_JIS character (their trail bytes are above 0x3F), and in UTF-16
 * it is one whole code unit.
 */
function firstBadLine(bytes: Uint8Array, encoding: WaveEncoding): number {
  const unit = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const isLineFeed = (i: number) =>
    unit === 1
      ? bytes[i] === 0x0a
      : encoding === 'utf-16le'
        ? bytes[i] === 0x0a && bytes[i + 1] === 0
        : bytes[i] === 0 && bytes[i + 1] === 0x0a;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i += unit) {
    if (i < bytes.length && !isLineFeed(i)) continue;
    const end = Math.min(i + unit, bytes.length);
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    line++;
    start = end;
  }
  return line - 1;
}

function lineAt(text: string, index: number): number {
  return (text.slice(0, index).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

function problem(line: number, message: string, encodingTried: WaveEncoding = 'utf-8'): DecodedWave {
  return { ok: false, problem: { line, message }, encodingTried };
}

/** The name of an encoding for people: UTF-8, UTF-16LE, UTF-16BE, Shift_JIS. */
export function encodingName(encoding: WaveEncoding): string {
  return NAMES[encoding];
}

/**
 * A wave sent to the admin API. `charset` is the Content-Type's parameter. A body the function receives
 * base64-encoded is the client's bytes: decoded with the charset. One it receives as text has been read
 * as UTF-8 on the way (the local HTTP API does so for text/*), so it is taken as it came, UTF-16 without a
 * byte order mark still named, and U+FFFD in it answered with where the bytes were lost and the way round.
 */
export function decodeWaveBody(
  bytes: Uint8Array,
  opts: { charset?: WaveEncoding; receivedAsText: boolean },
): DecodedWave {
  if (!opts.receivedAsText) return decodeWave(bytes, opts.charset);
  const decoded = decodeWave(bytes, 'utf-8');
  if (decoded.ok || !decoded.problem.message.startsWith(LOST)) return decodeWave(bytes);
  const said = opts.charset ? ` (the request says charset=${opts.charset})` : '';
  return problem(
    decoded.problem.line,
    `${LOST}: the API received the body as text${said}, and its bytes that were not UTF-8 were lost on the way; import the file with npm run admin -- import, which reads UTF-16 and Shift_JIS files, or save it as UTF-8`,
    opts.charset ?? 'utf-8',
  );
}
