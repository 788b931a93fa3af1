import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * bench/results.template.md holds the words of RESULTS.md in named blocks; this fills one. `{{name}}` takes
 * a figure, `{{#flag}}...{{/flag}}` is kept when the flag is true, `{{^flag}}...{{/flag}}` when it is false.
 * A placeholder shown without a value, or a value the block never names, is a mistake and fails the run.
 */
export type Values = Record<string, string | number | boolean>;

const TEMPLATE_FILE = join(import.meta.dirname, '..', 'results.template.md');
const BLOCK_START = /^<!-- ([a-z-]+) -->$/;

let blocks: Map<string, string> | undefined;

function readBlocks(): Map<string, string> {
  const found = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (name) found.set(name, lines.join('\n').replace(/^\n+|\n+$/g, ''));
  };
  for (const line of readFileSync(TEMPLATE_FILE, 'utf8').split('\n')) {
    const start = BLOCK_START.exec(line);
    if (start) {
      close();
      name = start[1];
      lines = [];
    } else lines.push(line);
  }
  close();
  return found;
}

export function render(block: string, values: Values = {}): string {
  blocks ??= readBlocks();
  const text = blocks.get(block);
  if (text === undefined) throw new Error(`results.template.md has no block "${block}"`);
  const value = (name: string) => {
    if (!(name in values)) throw new Error(`results.template.md, block "${block}": no value for ${name}`);
    return values[name]!;
  };
  const out = text
    .replace(/\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g, (_, mark: string, name: string, inner: string) =>
      Boolean(value(name)) === (mark === '#') ? inner : '',
    )
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(value(name)));
  const named = new Set([...text.matchAll(/\{\{[#^/]?(\w+)\}\}/g)].map((m) => m[1]));
  const unused = Object.keys(values).filter((name) => !named.has(name));
  if (unused.length)
    throw new Error(`results.template.md, block "${block}" does not use ${unused.join(', ')}`);
  return out;
}
