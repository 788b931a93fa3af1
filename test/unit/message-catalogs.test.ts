import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILED_DIR, compileCatalogs, readMessageSources, SOURCE_DIR } from '../../local/compile-messages';
import {
  ALERT_MESSAGES,
  COMMON_MESSAGES,
  HIRE_EMAIL_MESSAGES,
  INVITATION_MESSAGES,
  NETWORK_WATCH_MESSAGES,
  READINESS_MESSAGES,
  REMINDER_MESSAGES,
  REPORT_MESSAGES,
  SETUP_PAGE_MESSAGES,
  SUPPORTED_LOCALES,
} from '../../src/kernel/email/catalog';
import { messageArguments } from '../../src/kernel/email/format';

const ROOT = resolve(import.meta.dirname, '../..');

describe('compiled message catalogs (npm run messages)', () => {
  const expected = compileCatalogs(ROOT);

  it('are what their sources compile to: run `npm run messages` after editing a message', () => {
    for (const [file, content] of expected) {
      expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(content);
    }
  });

  it('have no file without a source', () => {
    const onDisk = readdirSync(join(ROOT, COMPILED_DIR), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? readdirSync(join(ROOT, COMPILED_DIR, entry.name)).map((file) =>
            join(COMPILED_DIR, entry.name, file),
          )
        : [join(COMPILED_DIR, entry.name)],
    );
    expect(onDisk.sort()).toEqual([...expected.keys()].sort());
  });

  it('load, per language, the keys and arguments of the sources into the tables the renderers use', async () => {
    const compiled = {
      common: COMMON_MESSAGES,
      'hire-emails': HIRE_EMAIL_MESSAGES,
      invitation: INVITATION_MESSAGES,
      reminders: REMINDER_MESSAGES,
      alerts: ALERT_MESSAGES,
      'network-watch': NETWORK_WATCH_MESSAGES,
      readiness: READINESS_MESSAGES,
      'setup-page': SETUP_PAGE_MESSAGES,
      report: REPORT_MESSAGES,
    };
    const sources = readMessageSources(ROOT);
    expect(Object.keys(compiled).sort()).toEqual(Object.keys(sources).sort());
    for (const [name, byLocale] of Object.entries(sources)) {
      const table = compiled[name as keyof typeof compiled];
      expect(Object.keys(table).sort(), name).toEqual(Object.keys(byLocale).sort());
      for (const [locale, messages] of Object.entries(byLocale)) {
        const loaded = (await table[locale]!()).default as Record<string, unknown>;
        expect(Object.keys(loaded).sort(), `${name} ${locale}`).toEqual(Object.keys(messages).sort());
        for (const [key, text] of Object.entries(messages)) {
          const ast = loaded[key] as Parameters<typeof messageArguments>[0];
          expect(messageArguments(ast), `${locale} ${key}`).toEqual(messageArguments(text));
        }
      }
    }
  });

  it('take a new language from its folder alone: the index lists it, the catalog code names no language', () => {
    const root = mkdtempSync(join(tmpdir(), 'messages-'));
    cpSync(join(ROOT, SOURCE_DIR), join(root, SOURCE_DIR), { recursive: true });
    cpSync(join(root, SOURCE_DIR, 'en'), join(root, SOURCE_DIR, 'fr'), { recursive: true });
    const index = compileCatalogs(root).get(join(COMPILED_DIR, 'index.ts'))!;
    expect(index).toContain('export const LOCALES: readonly string[] = ["en","fr","ja"];');
    for (const namespace of Object.keys(readMessageSources(ROOT))) {
      expect(index).toContain(`"fr": () => import('./fr/${namespace}'),`);
    }
    // catalog.ts reads the index only; English, every language's last fallback, is the one it may name.
    const catalog = readFileSync(join(ROOT, 'src/kernel/email/catalog.ts'), 'utf8');
    const imports = [...catalog.matchAll(/from '([^']*templates\/[^']*)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['../../../templates/compiled/index']);
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en'))
      expect(catalog).not.toContain(`'${locale}'`);
    expect(SUPPORTED_LOCALES).toEqual(['en', 'ja']);
  });

  it('refuse a broken message, naming its file and key', () => {
    expect(() => compileCatalogs(resolve(ROOT, 'test/fixtures/broken-messages'))).toThrow(
      /templates\/messages\/en\/oops\.json broken\.key: .*missing other clause/,
    );
  });
});
