import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { decodeWave, ENCODING_LABEL_MESSAGE, encodingName, waveEncoding } from '../../src/intake/wave/decode';
import { UsageError } from '../args';
import { callRoute, type RouteAnswerOf } from '../call';
import { ApiError } from '../client';
import { command, one } from '../command';
import { progressBar, table } from '../output';
import { type Chunk, chunkWave, type Problem } from '../wave-chunks';

export const importCommand = command({
  name: 'import',
  usage: [
    'import <wave.csv> [--wave NAME] [--dry-run] [--skip-invalid] [--encoding utf-8|utf-16le|utf-16be|shift_jis]',
  ],
  summary:
    'onboard a migration wave through the webhook path (wave: the file name; the encoding is detected unless given)',
  options: {
    wave: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    encoding: { type: 'string' },
  },
  routes: ['importWave'],
  async run({ api, io, values, args, print, printJson }) {
    const file = one(args, 'wave.csv');
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
    const declared = values.encoding === undefined ? undefined : waveEncoding(values.encoding);
    if (values.encoding !== undefined && declared === undefined)
      throw new UsageError(`--encoding ${ENCODING_LABEL_MESSAGE}`);
    // The file's bytes are decoded here, by the import's one rule, and travel as UTF-8.
    const decoded = decodeWave(readFileSync(path), declared);
    if (!decoded.ok) {
      const p = decoded.problem;
      if (values.json) printJson({ imported: false, total: 0, invalidLines: 1, problems: [p] });
      else io.stderr.write(`${table(['LINE', 'PROBLEM'], [[p.line, p.message]])}nothing was imported\n`);
      return 1;
    }
    const text = decoded.text;
    if (decoded.encoding !== 'utf-8')
      io.stderr.write(
        `read ${file} as ${encodingName(decoded.encoding)}${decoded.detected ? ' (detected; --encoding to say otherwise)' : ''}\n`,
      );
    const wave = values.wave ?? basename(path, extname(path));
    const client = api();
    const { chunks, duplicates } = chunkWave(text);
    const send = (chunk: Chunk, dryRun: boolean) =>
      callRoute(client, 'importWave', {
        query: {
          dryRun,
          skipInvalid: values['skip-invalid'],
          lineOffset: chunk.lineOffset || undefined,
          wave,
        },
        csv: chunk.text,
      });

    // 1. Validate everything first: nothing is imported while any row is invalid (unless --skip-invalid).
    const problems = new Map<string, Problem>();
    const total = chunks.reduce((n, c) => n + c.rows, 0);
    const checking = progressBar(io.stderr, total, 'rows checked');
    let checked = 0;
    for (const chunk of chunks) {
      try {
        const report = await send(chunk, true);
        for (const p of report.problems ?? []) problems.set(problemKey(p), p);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 400 && err.problem.errors)) throw err;
        for (const e of err.problem.errors) {
          const p = { line: e.line ?? 0, ...(e.column ? { column: e.column } : {}), message: e.message };
          problems.set(problemKey(p), p);
        }
      }
      checked += chunk.rows;
      checking.update(checked);
    }
    checking.finish();
    for (const p of duplicates) problems.set(problemKey(p), p);
    const sorted = [...problems.values()].sort((a, b) => a.line - b.line);
    const invalidLines = new Set(sorted.map((p) => p.line)).size;

    if (sorted.length && (!values['skip-invalid'] || values['dry-run'])) {
      if (values.json) printJson({ imported: false, total, invalidLines, problems: sorted });
      else {
        io.stderr.write(
          table(
            ['LINE', 'COLUMN', 'PROBLEM'],
            sorted.map((p) => [p.line, p.column, p.message]),
          ),
        );
        io.stderr.write(
          `${sorted.length} problem(s) on ${invalidLines} line(s) of ${total} row(s): nothing was imported${values['skip-invalid'] ? '' : ' (fix them, or --skip-invalid)'}\n`,
        );
      }
      return 1;
    }
    if (values['dry-run']) {
      if (values.json) printJson({ dryRun: true, total, valid: total, problems: [] });
      else print(`${total} row(s) valid; dry run: nothing imported\n`);
      return 0;
    }

    // 2. Import through the webhook path, chunk by chunk.
    const summary = { total, accepted: 0, known: 0, updated: 0, failed: 0, skipped: 0 };
    const rows: RouteAnswerOf<'importWave'>['rows'] = [];
    const importing = progressBar(io.stderr, total, 'rows imported');
    let done = 0;
    for (const chunk of chunks) {
      const report = await send(chunk, false);
      summary.accepted += report.accepted;
      summary.known += report.known;
      summary.updated += report.updated ?? 0;
      summary.failed += report.failed;
      summary.skipped += report.skipped;
      rows.push(...report.rows);
      done += chunk.rows;
      importing.update(done);
    }
    importing.finish();
    if (values.json) printJson({ ...summary, wave, problems: sorted, rows });
    else {
      const failed = rows.filter((r) => r.outcome === 'failed');
      if (failed.length)
        print(
          table(
            ['LINE', 'EMPLOYEE', 'ERROR'],
            failed.map((r) => [r.line, r.employeeId, r.error]),
          ),
        );
      print(
        `Imported ${file} as wave ${wave}: ${summary.total} row(s), ${summary.accepted} new, ${summary.known} already known, ${summary.updated} updated, ${summary.skipped} invalid skipped, ${summary.failed} failed\n`,
      );
    }
    return summary.failed ? 1 : 0;
  },
});

const problemKey = (p: Problem) => `${p.line}|${p.column ?? ''}|${p.message}`;
