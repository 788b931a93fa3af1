import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, type ModuleGraph, moduleGraph, reachable } from '../support/module-graph';

/**
 * The boundaries of docs/architecture.md, checked on the module graph the TypeScript compiler reads (every
 * import and re-export, type-only ones included, resolved to files), not on how import lines are spelled.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const PRODUCT = ['src', 'functions', 'cli'];

/** Files that talk to AWS or hold a client: reached only through the ports the use cases declare. */
const isAdapter = (file: string): boolean =>
  /^src\/[^/]+\/adapters\//.test(file) || file.startsWith('src/kernel/table/');
const isSdk = (target: string): boolean => target.startsWith('@aws-sdk/');
const capabilityOf = (file: string): string | undefined =>
  file.startsWith('src/') ? file.split('/')[1] : undefined;

/** `file → target` for every rule or use case that loads an SDK package or an adapter when it runs. */
function adaptersReached(graph: ModuleGraph): string[] {
  const found: string[] = [];
  for (const file of graph.edges.keys()) {
    if (!file.startsWith('src/') || isAdapter(file)) continue;
    for (const [target, path] of reachable(graph.values, file)) {
      if (isSdk(target) || isAdapter(target)) found.push(path.join(' → '));
    }
  }
  return found;
}

/** Imports of another capability's inner folders (adapters/, emails/, hr/, wave/, ...) or upward from the kernel. */
function boundaryCrossings(graph: ModuleGraph): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph.edges) {
    const from = capabilityOf(file);
    if (!from) continue;
    for (const target of targets) {
      const to = capabilityOf(target);
      if (!to || to === from || to === 'kernel') continue;
      if (from === 'kernel') found.push(`${file} → ${target} (the kernel imports no capability)`);
      else if (target.split('/').length > 3) found.push(`${file} → ${target} (inside ${to})`);
    }
  }
  return found;
}

describe('the module graph', () => {
  const graph = moduleGraph(ROOT, PRODUCT);

  it('reads the whole product', () => {
    expect(graph.edges.size).toBeGreaterThan(150);
    expect(graph.edges.get('functions/production.ts')).toContain('src/kernel/table/stores.ts');
  });

  it('has no import circle in src/, functions/ or cli/ (type-only imports count)', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('src/ holds capabilities and one shared kernel, and nothing else at the top', () => {
    const top = readdirSync(join(ROOT, 'src'), { withFileTypes: true });
    expect(top.filter((e) => !e.isDirectory()).map((e) => e.name)).toEqual([]);
    expect(top.map((e) => e.name).sort()).toEqual(
      ['admin', 'intake', 'invitations', 'kernel', 'network', 'provisioning', 'report', 'tracking'].sort(),
    );
  });

  it('no rule or use case loads an AWS SDK package or an adapter: they take ports', () => {
    expect(adaptersReached(graph)).toEqual([]);
  });

  it('fails on an SDK import planted in a use case', () => {
    const planted = 'src/tracking/run-reminders.ts';
    const withPlant = moduleGraph(ROOT, PRODUCT, (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return file === planted ? `import { SESv2Client } from '@aws-sdk/client-sesv2';\n${text}` : text;
    });
    expect(adaptersReached(withPlant)).toContain(`${planted} → @aws-sdk/client-sesv2`);
    // A type-only import loads nothing and may name a port's types.
    const typeOnly = moduleGraph(ROOT, PRODUCT, (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return file === planted ? `import type { SESv2Client } from '@aws-sdk/client-sesv2';\n${text}` : text;
    });
    expect(adaptersReached(typeOnly)).toEqual([]);
  });

  it('no capability reaches into another one’s inner folders, and the kernel imports no capability', () => {
    expect(boundaryCrossings(graph)).toEqual([]);
    const planted = moduleGraph(ROOT, PRODUCT, (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return file === 'src/kernel/log.ts' ? `import '../network/allowlist';\n${text}` : text;
    });
    expect(boundaryCrossings(planted)).toEqual([
      'src/kernel/log.ts → src/network/allowlist.ts (the kernel imports no capability)',
    ]);
  });

  it('capabilities depend on each other one way only: no circle between the folders either', () => {
    const between = new Map<string, string[]>();
    for (const [file, targets] of graph.edges) {
      const from = capabilityOf(file);
      if (!from) continue;
      const to = targets.map(capabilityOf).filter((c): c is string => c !== undefined && c !== from);
      between.set(from, [...new Set([...(between.get(from) ?? []), ...to])]);
    }
    expect(circles({ edges: between, values: between })).toEqual([]);
  });

  it('handlers get adapters only from functions/production.ts: each chain is given its builder', () => {
    const handlers = [...graph.edges.keys()].filter(
      (f) => f.startsWith('functions/') && f !== 'functions/production.ts',
    );
    const direct = handlers.flatMap((file) =>
      (graph.values.get(file) ?? []).filter((t) => isSdk(t) || isAdapter(t)).map((t) => `${file} → ${t}`),
    );
    expect(direct).toEqual([]);
    const entries = handlers.filter((file) => file.endsWith('/handler.ts'));
    const folders = readdirSync(join(ROOT, 'functions'), { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    );
    expect(entries).toHaveLength(folders.length);
    // `export const handler = <chain>(..., <name>Deps ...)` with <name>Deps imported from production.ts.
    const unchained = entries.filter((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const builder = /^export const handler = \w+\([^;]*?\b(\w+Deps)\b/ms.exec(text)?.[1];
      const fromProduction = new RegExp(`import \\{[^}]*\\b${builder}\\b[^}]*\\} from '\\.\\./production'`);
      return !builder || !fromProduction.test(text);
    });
    expect(unchained).toEqual([]);
  });

  it('the product loads nothing of the local cloud or the bench', () => {
    // By path or by their workspace package names (@workspaces-onboarding/local-cloud, .../bench).
    const outside = [...graph.edges]
      .flatMap(([file, targets]) => [file, ...targets])
      .filter((f) => /^(local|bench)\//.test(f) || f.startsWith('@workspaces-onboarding/'));
    expect(outside).toEqual([]);
  });
});

describe('the rules of the code', () => {
  it('use cases change a stage only with hires.move, and same-stage writes only with hires.update', () => {
    // A move to the stage the hire is in (the old `change({to: X, from: [X]})`) hides an update.
    const files = readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));
    const offenders = files.filter((file) =>
      /to: (hire\.stage|stage),\s*from: \[/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
