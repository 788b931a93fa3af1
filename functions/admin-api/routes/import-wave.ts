import { waveNameProblem } from '../../../src/domain/report';
import { json, problem, rawBody } from '../../../src/http/responses';
import { log } from '../../../src/log';
import { adminRoute } from './route';

/** POST /admin/imports?dryRun&skipInvalid&lineOffset&wave (text/csv): a migration wave, every row validated first. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export const importWaveRoute = adminRoute(
  'POST',
  '/admin/imports',
  async (event, { deps, by }) => {
    const query = event.queryStringParameters ?? {};
    const lineOffset = query.lineOffset === undefined ? 0 : Number(query.lineOffset);
    if (!Number.isInteger(lineOffset) || lineOffset < 0) {
      return problem(400, 'Bad Request', 'invalid query', {
        errors: [{ field: 'lineOffset', message: 'must be a whole number ≥ 0' }],
      });
    }
    const wave = query.wave;
    const waveProblem = wave === undefined ? undefined : waveNameProblem(wave);
    if (waveProblem) {
      return problem(400, 'Bad Request', 'invalid query', {
        errors: [{ field: 'wave', message: waveProblem }],
      });
    }
    // Loaded on first use: csv-parse and the hire paths stay out of the cold start of the reads (status, list).
    const { importWave } = await import('../../../src/app/admin/import-wave');
    const report = await importWave(deps, {
      csv: rawBody(event).toString('utf8'),
      dryRun: flag(query.dryRun),
      skipInvalid: flag(query.skipInvalid),
      lineOffset,
      by,
      ...(wave ? { wave } : {}),
    });
    log.info('admin import', {
      total: report.total,
      accepted: report.accepted,
      known: report.known,
      failed: report.failed,
      dryRun: report.dryRun,
    });
    return json(200, report);
  },
  {
    type: 'text/csv',
    maxBytes: MAX_IMPORT_BYTES,
    unsupported: 'send the wave as Content-Type: text/csv',
    tooLarge: `at most ${MAX_IMPORT_BYTES} bytes per request: split the file`,
  },
);

function flag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|)$/i.test(value);
}
