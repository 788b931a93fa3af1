import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILED_DIR, compileCatalogs } from '../../local/compile-messages';
import {
  ALERT_MESSAGES,
  COMMON_MESSAGES,
  HIRE_EMAIL_MESSAGES,
  INVITATION_MESSAGES,
  MESSAGE_FILES,
  NETWORK_WATCH_MESSAGES,
  READINESS_MESSAGES,
  REMINDER_MESSAGES,
  REPORT_MESSAGES,
  SETUP_PAGE_MESSAGES,
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
    const onDisk = readdirSync(join(ROOT, COMPILED_DIR)).flatMap((locale) =>
      readdirSync(join(ROOT, COMPILED_DIR, locale)).map((file) => join(COMPILED_DIR, locale, file)),
    );
    expect(onDisk.sort()).toEqual([...expected.keys()].sort());
  });

  it('are the tables the renderers use, with the keys and arguments of the sources', () => {
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
    for (const [name, sources] of Object.entries(MESSAGE_FILES)) {
      const table = compiled[name as keyof typeof compiled] as Record<string, Record<string, unknown>>;
      expect(Object.keys(table).sort(), name).toEqual(Object.keys(sources).sort());
      for (const [locale, messages] of Object.entries(sources as Record<string, Record<string, string>>)) {
        expect(Object.keys(table[locale]!).sort(), `${name} ${locale}`).toEqual(Object.keys(messages).sort());
        for (const [key, text] of Object.entries(messages)) {
          const ast = table[locale]![key] as Parameters<typeof messageArguments>[0];
          expect(messageArguments(ast), `${locale} ${key}`).toEqual(messageArguments(text));
        }
      }
    }
  });

  it('refuse a broken message, naming its file and key', () => {
    expect(() => compileCatalogs(resolve(ROOT, 'test/fixtures/broken-messages'))).toThrow(
      /templates\/messages\/en\/oops\.json broken\.key: .*missing other clause/,
    );
  });
});
