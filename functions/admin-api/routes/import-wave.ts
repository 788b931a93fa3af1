import type { AdminEvent } from '../../../src/admin/auth-middleware';
import { decodeWaveBody, ENCODING_LABEL_MESSAGE, waveEncoding } from '../../../src/intake/wave/decode';
import { WaveInvalidError } from '../../../src/kernel/errors';
import type { BodyRule } from '../../../src/kernel/http/http-body';
import { type HttpResult, header, json, problem, rawBody } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute } from './route';

/**
 * POST /admin/imports?dryRun&skipInvalid&lineOffset&wave (text/csv): a migration wave, every row validated
 * first (the query: src/admin/query-schema.ts). The body is decoded by the one rule of src/intake/wave/decode.ts, with the Content-Type's charset.
 */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** A wave file's body: CSV up to MAX_IMPORT_BYTES (the preflight takes the same). */
export const WAVE_BODY: BodyRule = {
  type: 'text/csv',
  maxBytes: MAX_IMPORT_BYTES,
  unsupported: 'send the wave as Content-Type: text/csv',
  tooLarge: `at most ${MAX_IMPORT_BYTES} bytes per request: split the file`,
};

export const importWaveRoute = adminRoute(
  'importWave',
  async ({ query }, { deps, by }, event) => {
    const decoded = readWaveBody(event);
    if (!decoded.ok) return decoded.answer;
    // Loaded on first use: csv-parse and the hire paths stay out of the cold start of the reads (status, list).
    const { importWave } = await import('../../../src/intake/wave/import-wave');
    const { wave, ...options } = query;
    const report = await importWave(deps, {
      csv: decoded.text,
      ...options,
      by,
      ...(wave ? { wave } : {}),
    });
    log.info('admin import', {
      encoding: decoded.encoding,
      total: report.total,
      accepted: report.accepted,
      known: report.known,
      failed: report.failed,
      dryRun: report.dryRun,
    });
    return json(200, { ...report, encoding: decoded.encoding });
  },
  WAVE_BODY,
);

/**
 * The wave's text, decoded by the one rule of src/intake/wave/decode.ts with the Content-Type's charset; 415
 * for a charset it does not read; WaveInvalidError for bytes that are not text in it.
 */
export function readWaveBody(
  event: AdminEvent,
): { ok: true; text: string; encoding: string } | { ok: false; answer: HttpResult } {
  const charset = charsetOf(header(event, 'content-type'));
  const encoding = charset === undefined ? undefined : waveEncoding(charset);
  if (charset !== undefined && encoding === undefined) {
    const detail = `charset=${charset} is not read: the charset ${ENCODING_LABEL_MESSAGE}`;
    return { ok: false, answer: problem(415, 'Unsupported Media Type', detail) };
  }
  const decoded = decodeWaveBody(rawBody(event), {
    ...(encoding ? { charset: encoding } : {}),
    receivedAsText: !event.isBase64Encoded,
  });
  if (!decoded.ok) throw new WaveInvalidError([decoded.problem], 0);
  return { ok: true, text: decoded.text, encoding: decoded.encoding };
}

/** The `charset` parameter of a Content-Type, unquoted; undefined when there is none. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match ? match[2] : undefined;
}
