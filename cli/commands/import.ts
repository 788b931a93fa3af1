import { basename, extname } from 'node:path';
import { callRoute, type RouteAnswerOf } from '../call';
import { ApiError } from '../client';
import { command, one } from '../command';
import { progressBar, table } from '../output';
import { type Chunk, chunkWave, type Problem } from '../wave-chunks';
import { readWaveFile } from '../wave-file';
import { preflightTable, wavePreflight } from './preflight';

export const importCommand = command({
  name: 'import',
  usage: [
    'import <wave.csv> [--wave NAME] [--dry-run] [--skip-invalid] [--force] [--encoding utf-8|utf-16le|utf-16be|shift_jis]',
  ],
  summary:
    'onboard a migration wave through the webhook path, after its preflight (a red line refuses it unless --force; wave: the file name; the encoding is detected unless given)',
  options: {
    wave: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    encoding: { type: 'string' },
    force: { type: 'boolean' },
  },
  routes: ['importWave', 'preflightWave'],
  async run({ api, io, values, args, print, printJson }) {
    const file = one(args, 'wave.csv');
    const read = readWaveFile(io, file, values.encoding);
    if (!read.ok) {
      const p = read.problem;
      if (values.json) printJson({ imported: false, total: 0, invalidLines: 1, problems: [p] });
      else io.stderr.write(`${table(['LINE', 'PROBLEM'], [[p.line, p.message]])}nothing was imported\n`);
      return 1;
    }
    const { path, text } = read;
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
    // 2. The preflight: what the account would refuse or slow down. A red line stops here unless --force.
    const preflight = await wavePreflight(client, text, Boolean(values['skip-invalid']));
    if (!values.json) print(preflightTable(preflight));
    if (!preflight.ok && !values.force) {
      if (values.json) printJson({ imported: false, total, preflight });
      else io.stderr.write(`nothing was imported: fix the red line(s) first, or import with --force\n`);
      return 1;
    }
    if (values['dry-run']) {
      if (values.json) printJson({ dryRun: true, total, valid: total, problems: [], preflight });
      else print(`${total} row(s) valid; dry run: nothing imported\n`);
      return 0;
    }

    // 3. Import through the webhook path, chunk by chunk.
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
    if (values.json) printJson({ ...summary, wave, problems: sorted, rows, preflight });
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
