/**
 * The table of the admin API, rendered from the contract (src/admin/contract.ts) and the CLI commands that
 * call each route. `npm run contract` writes it into the README and docs/admin-guide.md between the markers;
 * test/unit/admin-contract.test.ts fails when a file's table differs from the contract.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN_ROUTES } from '../src/admin/contract';
import { COMMANDS } from './admin';
import { isEntryPoint } from './args';
import { ownRoutes } from './command';

const ROOT = resolve(import.meta.dirname, '..');
/** The files that show the table. */
export const ROUTE_TABLE_FILES = ['README.md', 'docs/admin-guide.md'].map((file) => resolve(ROOT, file));
export const START_MARKER = '<!-- admin-routes:start -->';
export const END_MARKER = '<!-- admin-routes:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

/** One row per route: method, path, summary, and the `npm run admin` command that is its own. */
export function adminRoutesTable(): string {
  const rows = ADMIN_ROUTES.map((route) => {
    const cli = COMMANDS.filter((c) => ownRoutes(c).includes(route.name))
      .flatMap((c) => c.usage)
      .map((usage) => `\`${cell(usage)}\``)
      .join('<br>');
    return `| ${route.method} | \`${route.path}\` | ${cell(route.summary)} | ${cli || '-'} |`;
  });
  return ['| method | path | what | `npm run admin --` |', '|---|---|---|---|', ...rows].join('\n');
}

/** `text` with the table between the markers replaced; the markers must be there, once each. */
export function withRoutesTable(text: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`${START_MARKER} ... ${END_MARKER} not found`);
  return `${text.slice(0, start + START_MARKER.length)}\n${adminRoutesTable()}\n${text.slice(end)}`;
}

/** The table as the guide has it now, between the markers. */
export function routesTableIn(text: string): string | undefined {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  return start < 0 || end < start ? undefined : text.slice(start + START_MARKER.length, end).trim();
}

if (isEntryPoint(import.meta.url)) {
  for (const file of ROUTE_TABLE_FILES) {
    writeFileSync(file, withRoutesTable(readFileSync(file, 'utf8')));
    console.log(`wrote the admin routes into ${file}`);
  }
}
