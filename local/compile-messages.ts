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
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileMessage } from '../src/kernel/email/format';

const ROOT = resolve(import.meta.dirname, '..');
export const SOURCE_DIR = join('templates', 'messages');
export const COMPILED_DIR = join('templates', 'compiled');

/** Compiled file (relative path) → its content. */
export function compileCatalogs(root = ROOT): Map<string, string> {
  const files = new Map<string, string>();
  for (const locale of readdirSync(join(root, SOURCE_DIR)).sort()) {
    for (const file of readdirSync(join(root, SOURCE_DIR, locale)).sort()) {
      if (!file.endsWith('.json')) continue;
      const source = join(SOURCE_DIR, locale, file);
      const messages = JSON.parse(readFileSync(join(root, source), 'utf8')) as Record<string, string>;
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
  return files;
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
