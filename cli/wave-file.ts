/**
 * A wave file as `import` and `preflight` read it: its bytes decoded by the import's one rule
 * (src/intake/wave/decode.ts), the encoding given or detected and said when not UTF-8.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeWave, ENCODING_LABEL_MESSAGE, encodingName, waveEncoding } from '../src/intake/wave/decode';
import { UsageError } from './args';
import type { CliIo } from './command';
import type { Problem } from './wave-chunks';

export type WaveFile = { ok: true; path: string; text: string } | { ok: false; problem: Problem };

export function readWaveFile(io: CliIo, file: string, encoding: string | undefined): WaveFile {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
  const declared = encoding === undefined ? undefined : waveEncoding(encoding);
  if (encoding !== undefined && declared === undefined)
    throw new UsageError(`--encoding ${ENCODING_LABEL_MESSAGE}`);
  const decoded = decodeWave(readFileSync(path), declared);
  if (!decoded.ok) return { ok: false, problem: decoded.problem };
  if (decoded.encoding !== 'utf-8')
    io.stderr.write(
      `read ${file} as ${encodingName(decoded.encoding)}${decoded.detected ? ' (detected; --encoding to say otherwise)' : ''}\n`,
    );
  return { ok: true, path, text: decoded.text };
}
