/**
 * Message catalogs: one folder per language, templates/messages/<locale>/, split into parts so that each
 * Lambda bundles only the messages it can render (esbuild inlines a JSON file whole; it cannot drop unused
 * keys, so one catalog per language would put every email and page of every language in every bundle):
 *
 *   common.json       contact.*                                 support contact lines (hire emails, setup pages)
 *   hire-emails.json  common.* details.* protocol.* steps.* platform.* network.*
 *                                                               what the invitation and the reminders share
 *   invitation.json   invitation.* printing.*                   the invitation only
 *   reminders.json    reminder.* reminderPassword.* reminderConnect.*
 *   alerts.json       alert.*                                   admin alerts
 *   setup-page.json   page.*                                    hosted password setup pages
 *
 * Adding a language is adding its message files: copy templates/messages/en/ to templates/messages/<locale>/,
 * translate every message (same file names, same keys, same {arguments}), and add the locale's line to each
 * table below (one import per file). test/unit/email.test.ts checks that every file of every language has
 * exactly English's keys and arguments, and that every table lists the same languages.
 * Each renderer passes `translator` the tables it needs; statically importing only those keeps the other
 * files out of its bundle. A key outside the given tables throws instead of rendering a blank.
 */
import enAlerts from '../../templates/messages/en/alerts.json' with { type: 'json' };
import enCommon from '../../templates/messages/en/common.json' with { type: 'json' };
import enHireEmails from '../../templates/messages/en/hire-emails.json' with { type: 'json' };
import enInvitation from '../../templates/messages/en/invitation.json' with { type: 'json' };
import enReminders from '../../templates/messages/en/reminders.json' with { type: 'json' };
import enSetupPage from '../../templates/messages/en/setup-page.json' with { type: 'json' };
import jaAlerts from '../../templates/messages/ja/alerts.json' with { type: 'json' };
import jaCommon from '../../templates/messages/ja/common.json' with { type: 'json' };
import jaHireEmails from '../../templates/messages/ja/hire-emails.json' with { type: 'json' };
import jaInvitation from '../../templates/messages/ja/invitation.json' with { type: 'json' };
import jaReminders from '../../templates/messages/ja/reminders.json' with { type: 'json' };
import jaSetupPage from '../../templates/messages/ja/setup-page.json' with { type: 'json' };
import { type Args, formatRuns, type Run } from './format';

/** One message file in every language, by locale; English is the last fallback, so it must be there. */
export type MessageTable<T extends Readonly<Record<string, string>>> = {
  readonly en: Readonly<T>;
} & Readonly<Record<string, Readonly<T>>>;

export const COMMON_MESSAGES: MessageTable<typeof enCommon> = { en: enCommon, ja: jaCommon };
export const HIRE_EMAIL_MESSAGES: MessageTable<typeof enHireEmails> = { en: enHireEmails, ja: jaHireEmails };
export const INVITATION_MESSAGES: MessageTable<typeof enInvitation> = { en: enInvitation, ja: jaInvitation };
export const REMINDER_MESSAGES: MessageTable<typeof enReminders> = { en: enReminders, ja: jaReminders };
export const ALERT_MESSAGES: MessageTable<typeof enAlerts> = { en: enAlerts, ja: jaAlerts };
export const SETUP_PAGE_MESSAGES: MessageTable<typeof enSetupPage> = { en: enSetupPage, ja: jaSetupPage };

/** Every table by its file name (for tests and tools; no renderer imports this). */
export const MESSAGE_FILES = {
  common: COMMON_MESSAGES,
  'hire-emails': HIRE_EMAIL_MESSAGES,
  invitation: INVITATION_MESSAGES,
  reminders: REMINDER_MESSAGES,
  alerts: ALERT_MESSAGES,
  'setup-page': SETUP_PAGE_MESSAGES,
} as const;

type AnyTable = MessageTable<Readonly<Record<string, string>>>;
/** The keys of the given tables. */
export type KeyOf<T> = T extends { readonly en: infer E } ? keyof E & string : never;

export type MessageKey = KeyOf<(typeof MESSAGE_FILES)[keyof typeof MESSAGE_FILES]>;
export type Catalog = Readonly<Record<MessageKey, string>>;

export const SUPPORTED_LOCALES: readonly string[] = Object.freeze(Object.keys(COMMON_MESSAGES));

/** Every message of each language in one object, as the files add up (tests and previews). */
export const CATALOGS: Readonly<Record<string, Catalog>> = /* @__PURE__ */ mergeTables(MESSAGE_FILES);

function mergeTables(files: Readonly<Record<string, AnyTable>>): Record<string, Catalog> {
  const tables = Object.values(files);
  const locales = new Set(tables.flatMap((table) => Object.keys(table)));
  return Object.fromEntries(
    [...locales].map((locale) => [locale, Object.assign({}, ...tables.map((table) => table[locale]))]),
  );
}

/**
 * The best supported locale for a requested tag: the exact tag, then ever shorter prefixes
 * (`zh-Hant-TW` → `zh-Hant` → `zh`), then `fallback`. Case-insensitive; returns the supported spelling.
 */
export function chooseLocale(
  requested: string | undefined,
  supported: readonly string[],
  fallback: string,
): string {
  const byLower = new Map(supported.map((s) => [s.toLowerCase(), s]));
  let tag = (requested ?? '').trim().replace(/_/g, '-').toLowerCase();
  while (tag) {
    const hit = byLower.get(tag);
    if (hit) return hit;
    const cut = tag.lastIndexOf('-');
    tag = cut > 0 ? tag.slice(0, cut) : '';
  }
  return fallback;
}

export interface Translator<K extends string = MessageKey> {
  /** The catalog locale actually used, e.g. `ja`. */
  locale: string;
  timeZone: string;
  runs(key: K, args?: Args): Run[];
  text(key: K, args?: Args): string;
  /** Formats an ad-hoc pattern such as `{actBy, date, dateTime}` with this locale and zone. */
  pattern(pattern: string, args: Args): Run[];
}

/**
 * Speaks `locale` (fallback chain ending at defaultLocale, then English) with the messages of `tables`.
 */
export function translator<T extends AnyTable>(
  tables: readonly T[],
  locale: string,
  defaultLocale: string,
  timeZone: string,
): Translator<KeyOf<T>> {
  const fallback = chooseLocale(defaultLocale, SUPPORTED_LOCALES, 'en');
  const chosen = chooseLocale(locale, SUPPORTED_LOCALES, fallback);
  // Dates and plurals follow the hire's full tag when we speak their language (ja-JP), else the catalog's.
  const formatLocale = chosen === chooseLocale(locale, [chosen], '') ? safeLocale(locale, chosen) : chosen;
  const options = { locale: formatLocale, timeZone };
  const message = (key: string): string => {
    for (const table of tables) {
      const found = table[chosen]?.[key];
      if (found !== undefined) return found;
    }
    for (const table of tables) {
      const found = table.en[key];
      if (found !== undefined) return found;
    }
    throw new Error(`no message ${key} in the catalogs given to this renderer`);
  };
  return {
    locale: chosen,
    timeZone,
    runs: (key, args = {}) => formatRuns(message(key), args, options),
    pattern: (pattern, args) => formatRuns(pattern, args, options),
    text: (key, args = {}) =>
      formatRuns(message(key), args, options)
        .map((r) => r.text)
        .join(''),
  };
}

function safeLocale(tag: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? fallback;
  } catch {
    return fallback;
  }
}
