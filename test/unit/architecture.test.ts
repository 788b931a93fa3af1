import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The layering rules of docs/architecture.md, checked on the source as it is. */
const ROOT = resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('the layers', () => {
  it('the domain and the use cases name no AWS SDK type (the adapters map them to ours)', () => {
    const offenders = [...sources('src/domain'), ...sources('src/app')]
      .filter((file) => file !== join('src', 'app', 'production.ts'))
      .filter((file) => /from '@aws-sdk\//.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the domain imports no code from outside it (the pure rules run anywhere)', () => {
    const offenders = sources('src/domain').filter((file) =>
      /^import (?!type )[^;]*from '\.\.\//m.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('handlers get production adapters only from src/app/production.ts: each chain is given its builder', () => {
    const files = sources('functions');
    const adapters = files.filter((file) =>
      /^import (?!type )[^;]*from '((\.\.\/)+src\/adapters\/|@aws-sdk\/)/m.test(
        readFileSync(join(ROOT, file), 'utf8'),
      ),
    );
    expect(adapters).toEqual([]);
    const handlers = files.filter((file) => file.endsWith('handler.ts'));
    expect(handlers).toHaveLength(readdirSync(join(ROOT, 'functions')).length);
    // `export const handler = <chain>(..., <name>Deps ...)` with <name>Deps imported from production.ts.
    const unchained = handlers.filter((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const builder = /^export const handler = \w+\([^;]*?\b(\w+Deps)\b/ms.exec(text)?.[1];
      const fromProduction = new RegExp(
        `import \\{[^}]*\\b${builder}\\b[^}]*\\} from '\\.\\./\\.\\./src/app/production'`,
      );
      return !builder || !fromProduction.test(text);
    });
    expect(unchained).toEqual([]);
  });

  it('the admin CLI does not depend on the local cloud', async () => {
    const out = await build({
      entryPoints: [join(ROOT, 'cli', 'admin.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs).toContain('cli/admin.ts');
    expect(inputs.filter((file) => file.startsWith('local/'))).toEqual([]);
  });

  it('use cases change a stage only with hires.move, and same-stage writes only with hires.update', () => {
    // A move to the stage the hire is in (the old `change({to: X, from: [X]})`) hides an update.
    const offenders = sources('src').filter((file) =>
      /to: (hire\.stage|stage),\s*from: \[/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
