import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link of README.md and docs/*.md leads somewhere: the file exists and, for a link to a
 * heading (`file.md#anchor`), the heading does, as GitHub makes its anchor.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const pages = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as `-`; repeats get `-1`, `-2`. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n ? `${base}-${n}` : base);
  }
  return found;
}

/** `[text](target)` links outside code, with the target as written. */
function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

function broken(page: string): string[] {
  const markdown = readFileSync(join(ROOT, page), 'utf8');
  const problems: string[] = [];
  for (const target of links(markdown)) {
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const file = path ? resolve(ROOT, dirname(page), path) : join(ROOT, page);
    if (!existsSync(file)) {
      problems.push(`${page}: ${target} (no ${relative(ROOT, file)})`);
    } else if (anchor && statSync(file).isFile() && file.endsWith('.md')) {
      if (!anchors(readFileSync(file, 'utf8')).has(anchor))
        problems.push(`${page}: ${target} (no such heading)`);
    }
  }
  return problems;
}

describe('links in README.md and docs/', () => {
  it('reads every page and finds its links', () => {
    expect(pages).toEqual(
      expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/configuration.md']),
    );
    expect(links(readFileSync(join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(10);
  });

  it.each(pages)('%s: every relative link leads to an existing file and heading', (page) => {
    expect(broken(page)).toEqual([]);
  });

  it('sees a broken link and a missing heading', () => {
    expect(links('see [a](docs/nope.md) and `[b](x.md)`')).toEqual(['docs/nope.md']);
    expect(anchors('# The file\n## Every key\n## Every key\n### JSON Schema for editors')).toEqual(
      new Set(['the-file', 'every-key', 'every-key-1', 'json-schema-for-editors']),
    );
  });
});
