import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { describe, expect, it } from 'vitest';
import { ReadableStream } from '../../src/kernel/http/web-streams';

/** The stand-in serverless.yml aliases `node:stream/web` to in the bundles (docs/decisions.md, "Cold start"). */
describe('node:stream/web stand-in for @middy/core', () => {
  it('answers instanceof like the real class', () => {
    expect(new NodeReadableStream() instanceof ReadableStream).toBe(true);
    expect({ getReader() {} } instanceof ReadableStream).toBe(false);
    expect((new String('body') as object) instanceof ReadableStream).toBe(false);
  });

  it('is enough for @middy/core: it imports only ReadableStream and only tests instanceof with it', () => {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve('@middy/core'), 'utf8');
    const imports = source.match(/import\s*\{([^}]*)\}\s*from\s*"node:stream\/web"/);
    expect(imports?.[1]?.trim()).toBe('ReadableStream');
    const uses = source.match(/[^\n]*\bReadableStream\b[^\n]*/g) ?? [];
    const other = uses.filter(
      (line) =>
        !/from "node:stream\/web"/.test(line) &&
        !/instanceof ReadableStream\b/.test(line) &&
        !/"[^"]*ReadableStream[^"]*"/.test(line),
    );
    expect(other).toEqual([]);
  });
});
