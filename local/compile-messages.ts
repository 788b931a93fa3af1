/**
 * `npm run messages`: parses every ICU message of templates/messages/<locale>/<file>.json ahead of time
 * into templates/compiled/<locale>/<file>.ts (one key a line), which the renderers import, so no Lambda
 * bundle carries the message parser (serverless.yml aliases it to its parser-free build) and no message is
 * parsed at run time. A broken message fails here, naming its file and key. test/unit/message-catalogs.test.ts
 * fails when a compiled file is not what its source compiles to: run this after editing a message.
 *
 * Each compiled file is the JSON text of its messages given to JSON.parse, not an object literal (what a JSON
 * import becomes in a bundle): V8 reads a string literal in one pass where an object literal of the same
 * size is parsed token by token, and JSON.parse is faster still than compiling the literal. For the bundles
 * that carry the catalogs that is about 4 ms less per cold start (docs/decisions.md, "Cold start").
 *
 * It also writes templates/compiled/index.ts, the only file src/kernel/email/catalog.ts reads: the languages
 * (one per folder of templates/messages) and, per namespace (one per file), a loader per language. A
 * loader is a dynamic `import()`: esbuild keeps the file in the bundle but evaluates it only when a renderer
 * first speaks that language, so a cold start parses no catalog, and a new language is a new folder of
 * messages plus this command, with no code to change.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileMessage } from '../src/kernel/email/format';

const ROOT = resolve(import.meta.dirname, '..');
export const SOURCE_DIR = join('templates', 'messages');
export const COMPILED_DIR = join('templates', 'compiled');

/** The source messages: namespace (file name) → locale (folder) → key → ICU message. English first. */
export function readMessageSources(root = ROOT): Record<string, Record<string, Record<string, string>>> {
  const sources: Record<string, Record<string, Record<string, string>>> = {};
  for (const locale of locales(root)) {
    for (const file of readdirSync(join(root, SOURCE_DIR, locale)).sort()) {
      if (!file.endsWith('.json')) continue;
      const text = readFileSync(join(root, SOURCE_DIR, locale, file), 'utf8');
      const namespace = file.replace(/\.json$/, '');
      sources[namespace] = { ...sources[namespace], [locale]: JSON.parse(text) as Record<string, string> };
    }
  }
  return sources;
}

/** The folders of templates/messages, English first: the fallback every renderer ends at. */
function locales(root: string): string[] {
  const found = readdirSync(join(root, SOURCE_DIR), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (!found.includes('en'))
    throw new Error(`${SOURCE_DIR}/en is missing: English is every language's fallback`);
  return ['en', ...found.filter((locale) => locale !== 'en')];
}

/** Compiled file (relative path) → its content, the index last. */
export function compileCatalogs(root = ROOT): Map<string, string> {
  const files = new Map<string, string>();
  const sources = readMessageSources(root);
  for (const [namespace, byLocale] of Object.entries(sources)) {
    for (const [locale, messages] of Object.entries(byLocale)) {
      const file = `${namespace}.json`;
      const source = join(SOURCE_DIR, locale, file);
      const lines = Object.entries(messages).map(([key, message]) => {
        try {
          return `  ${JSON.stringify(key)}: ${JSON.stringify(compileMessage(message))}`;
        } catch (error) {
          throw new Error(`${source} ${key}: ${(error as Error).message}`, { cause: error });
        }
      });
      const json = `{\n${lines.join(',\n')}\n}`;
      files.set(
        join(COMPILED_DIR, locale, file.replace(/\.json$/, '.ts')),
        `// Written by \`npm run messages\` from ${source}: edit that file, then run it again.\n` +
          `export default /* @__PURE__ */ JSON.parse(\`${templateText(json)}\`) as object;\n`,
      );
    }
  }
  files.set(join(COMPILED_DIR, 'index.ts'), indexFile(sources));
  return files;
}

/** `hire-emails` → `hireEmails`: a namespace as the name of its export. */
export const exportName = (namespace: string) =>
  namespace.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function indexFile(sources: Record<string, Record<string, Record<string, string>>>): string {
  const all = [...new Set(Object.values(sources).flatMap((byLocale) => Object.keys(byLocale)))];
  const lines = [
    `// Written by \`npm run messages\` from the folders and files of ${SOURCE_DIR}: add or edit them, then run it again.`,
    '',
    '/** Every language with messages, English (the fallback) first. */',
    `export const LOCALES: readonly string[] = ${JSON.stringify(all)};`,
    '',
    '/** Each namespace (a file of messages) is typed by its English source and loaded per language. */',
    'type Loaders = Readonly<Record<string, () => Promise<{ default: object }>>>;',
  ];
  for (const [namespace, byLocale] of Object.entries(sources)) {
    const name = exportName(namespace);
    lines.push(
      '',
      `export type ${name[0]!.toUpperCase()}${name.slice(1)}Source = typeof import('../messages/en/${namespace}.json');`,
      `export const ${name}: Loaders = {`,
      ...Object.keys(byLocale).map(
        (locale) => `  ${JSON.stringify(locale)}: () => import('./${locale}/${namespace}'),`,
      ),
      '};',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Text as the inside of a template literal: backslashes, backticks and `${` escaped. */
function templateText(text: string): string {
  return text.replace(/[\\`]|\$\{/g, (match) => `\\${match}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [file, content] of compileCatalogs()) {
    mkdirSync(join(ROOT, file, '..'), { recursive: true });
    writeFileSync(join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
