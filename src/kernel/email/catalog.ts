/**
 * Message catalogs: one folder per language, templates/messages/<locale>/, split into parts so that each
 * Lambda bundles only the messages it can render (esbuild inlines a JSON file whole; it cannot drop unused
 * keys, so one catalog per language would put every email and page of every language in every bundle):
 *
 *   common.json       contact.* brand.*                         support contact lines (hire emails, setup pages),
 *                                                               every subject's brand
 *   hire-emails.json  common.* details.* protocol.* steps.* platform.* network.*
 *                                                               what the invitation and the reminders share
 *   invitation.json   invitation.* printing.*                   the invitation only
 *   reminders.json    reminder.* reminderPassword.* reminderConnect.*
 *   alerts.json       alert.*                                   admin alerts
 *   readiness.json    readiness.*                               the readiness check to the manager
 *   setup-page.json   page.*                                    hosted password setup pages
 *   network-watch.json networkChange.*                          the allowlist watch's email to the network team
 *   report.json       report.*                                  the admin report's HTML file (the CLI only)
 *
 * Adding a language is adding its message files: copy templates/messages/en/ to templates/messages/<locale>/,
 * translate every message (same file names, same keys, same {arguments}), run `npm run messages` (it writes
 * the parsed messages to templates/compiled/<locale>/, what the renderers import), and add the locale's lines
 * to each table below (one import per file, source and compiled). test/unit/email.test.ts checks that every file of every language has
 * exactly English's keys and arguments, and that every table lists the same languages.
 * Each renderer passes `translator` the tables it needs; statically importing only those keeps the other
 * files out of its bundle. A key outside the given tables throws instead of rendering a blank.
 */
import enAlertsCompiled from '../../../templates/compiled/en/alerts';
import enCommonCompiled from '../../../templates/compiled/en/common';
import enHireEmailsCompiled from '../../../templates/compiled/en/hire-emails';
import enInvitationCompiled from '../../../templates/compiled/en/invitation';
import enNetworkWatchCompiled from '../../../templates/compiled/en/network-watch';
import enReadinessCompiled from '../../../templates/compiled/en/readiness';
import enRemindersCompiled from '../../../templates/compiled/en/reminders';
import enReportCompiled from '../../../templates/compiled/en/report';
import enSetupPageCompiled from '../../../templates/compiled/en/setup-page';
import jaAlertsCompiled from '../../../templates/compiled/ja/alerts';
import jaCommonCompiled from '../../../templates/compiled/ja/common';
import jaHireEmailsCompiled from '../../../templates/compiled/ja/hire-emails';
import jaInvitationCompiled from '../../../templates/compiled/ja/invitation';
import jaNetworkWatchCompiled from '../../../templates/compiled/ja/network-watch';
import jaReadinessCompiled from '../../../templates/compiled/ja/readiness';
import jaRemindersCompiled from '../../../templates/compiled/ja/reminders';
import jaReportCompiled from '../../../templates/compiled/ja/report';
import jaSetupPageCompiled from '../../../templates/compiled/ja/setup-page';
import enAlerts from '../../../templates/messages/en/alerts.json' with { type: 'json' };
import enCommon from '../../../templates/messages/en/common.json' with { type: 'json' };
import enHireEmails from '../../../templates/messages/en/hire-emails.json' with { type: 'json' };
import enInvitation from '../../../templates/messages/en/invitation.json' with { type: 'json' };
import enNetworkWatch from '../../../templates/messages/en/network-watch.json' with { type: 'json' };
import enReadiness from '../../../templates/messages/en/readiness.json' with { type: 'json' };
import enReminders from '../../../templates/messages/en/reminders.json' with { type: 'json' };
import enReport from '../../../templates/messages/en/report.json' with { type: 'json' };
import enSetupPage from '../../../templates/messages/en/setup-page.json' with { type: 'json' };
import jaAlerts from '../../../templates/messages/ja/alerts.json' with { type: 'json' };
import jaCommon from '../../../templates/messages/ja/common.json' with { type: 'json' };
import jaHireEmails from '../../../templates/messages/ja/hire-emails.json' with { type: 'json' };
import jaInvitation from '../../../templates/messages/ja/invitation.json' with { type: 'json' };
import jaNetworkWatch from '../../../templates/messages/ja/network-watch.json' with { type: 'json' };
import jaReadiness from '../../../templates/messages/ja/readiness.json' with { type: 'json' };
import jaReminders from '../../../templates/messages/ja/reminders.json' with { type: 'json' };
import jaReport from '../../../templates/messages/ja/report.json' with { type: 'json' };
import jaSetupPage from '../../../templates/messages/ja/setup-page.json' with { type: 'json' };
import { closestLocale } from '../config/localized-text';
import { type Args, type CompiledMessage, formatRuns, type Run } from './format';

/**
 * One message file in every language, compiled (templates/compiled, written by `npm run messages`), by
 * locale; English is the last fallback, so it must be there. The keys are those of the English source.
 */
export type MessageTable<T extends Readonly<Record<string, string>>> = {
  readonly en: Compiled<T>;
} & Readonly<Record<string, Compiled<T>>>;

type Compiled<T> = Readonly<Record<keyof T & string, CompiledMessage>>;

/** A compiled file as its source's keys (JSON imports type each AST node too loosely to be elements). */
const compiled = <T>(json: object) => json as unknown as Compiled<T>;

export const COMMON_MESSAGES: MessageTable<typeof enCommon> = {
  en: /* @__PURE__ */ compiled<typeof enCommon>(enCommonCompiled),
  ja: /* @__PURE__ */ compiled<typeof enCommon>(jaCommonCompiled),
};
export const HIRE_EMAIL_MESSAGES: MessageTable<typeof enHireEmails> = {
  en: /* @__PURE__ */ compiled<typeof enHireEmails>(enHireEmailsCompiled),
  ja: /* @__PURE__ */ compiled<typeof enHireEmails>(jaHireEmailsCompiled),
};
export const INVITATION_MESSAGES: MessageTable<typeof enInvitation> = {
  en: /* @__PURE__ */ compiled<typeof enInvitation>(enInvitationCompiled),
  ja: /* @__PURE__ */ compiled<typeof enInvitation>(jaInvitationCompiled),
};
export const REMINDER_MESSAGES: MessageTable<typeof enReminders> = {
  en: /* @__PURE__ */ compiled<typeof enReminders>(enRemindersCompiled),
  ja: /* @__PURE__ */ compiled<typeof enReminders>(jaRemindersCompiled),
};
export const ALERT_MESSAGES: MessageTable<typeof enAlerts> = {
  en: /* @__PURE__ */ compiled<typeof enAlerts>(enAlertsCompiled),
  ja: /* @__PURE__ */ compiled<typeof enAlerts>(jaAlertsCompiled),
};
export const READINESS_MESSAGES: MessageTable<typeof enReadiness> = {
  en: /* @__PURE__ */ compiled<typeof enReadiness>(enReadinessCompiled),
  ja: /* @__PURE__ */ compiled<typeof enReadiness>(jaReadinessCompiled),
};
export const SETUP_PAGE_MESSAGES: MessageTable<typeof enSetupPage> = {
  en: /* @__PURE__ */ compiled<typeof enSetupPage>(enSetupPageCompiled),
  ja: /* @__PURE__ */ compiled<typeof enSetupPage>(jaSetupPageCompiled),
};

export const NETWORK_WATCH_MESSAGES: MessageTable<typeof enNetworkWatch> = {
  en: /* @__PURE__ */ compiled<typeof enNetworkWatch>(enNetworkWatchCompiled),
  ja: /* @__PURE__ */ compiled<typeof enNetworkWatch>(jaNetworkWatchCompiled),
};

/** The admin report (`npm run admin -- report --html`): rendered by the CLI, in no Lambda bundle. */
export const REPORT_MESSAGES: MessageTable<typeof enReport> = {
  en: /* @__PURE__ */ compiled<typeof enReport>(enReportCompiled),
  ja: /* @__PURE__ */ compiled<typeof enReport>(jaReportCompiled),
};

/** Every source file by its name, as text (for tests and tools; no renderer imports this). */
export const MESSAGE_FILES = {
  common: /* @__PURE__ */ sources({ en: enCommon, ja: jaCommon }),
  'hire-emails': /* @__PURE__ */ sources({ en: enHireEmails, ja: jaHireEmails }),
  invitation: /* @__PURE__ */ sources({ en: enInvitation, ja: jaInvitation }),
  reminders: /* @__PURE__ */ sources({ en: enReminders, ja: jaReminders }),
  alerts: /* @__PURE__ */ sources({ en: enAlerts, ja: jaAlerts }),
  readiness: /* @__PURE__ */ sources({ en: enReadiness, ja: jaReadiness }),
  'setup-page': /* @__PURE__ */ sources({ en: enSetupPage, ja: jaSetupPage }),
  'network-watch': /* @__PURE__ */ sources({ en: enNetworkWatch, ja: jaNetworkWatch }),
  report: /* @__PURE__ */ sources({ en: enReport, ja: jaReport }),
} as const;

type SourceTable<T = Readonly<Record<string, string>>> = { readonly en: Readonly<T> } & Readonly<
  Record<string, Readonly<T>>
>;

function sources<T>(table: SourceTable<T>): SourceTable<T> {
  return table;
}

type AnyTable = MessageTable<Readonly<Record<string, string>>>;
/** The keys of the given tables. */
export type KeyOf<T> = T extends { readonly en: infer E } ? keyof E & string : never;

export type MessageKey = KeyOf<(typeof MESSAGE_FILES)[keyof typeof MESSAGE_FILES]>;
export type Catalog = Readonly<Record<MessageKey, string>>;

export const SUPPORTED_LOCALES: readonly string[] = Object.freeze(Object.keys(COMMON_MESSAGES));

/** Every message of each language in one object, as the files add up (tests and previews). */
export const CATALOGS: Readonly<Record<string, Catalog>> = /* @__PURE__ */ mergeTables(MESSAGE_FILES);

function mergeTables(files: Readonly<Record<string, SourceTable>>): Record<string, Catalog> {
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
  return closestLocale(requested, supported) ?? fallback;
}

/** The catalog an email to `locale` is written in: that language, else the default's, else English. */
export function catalogLocale(locale: string, defaultLocale: string): string {
  return chooseLocale(locale, SUPPORTED_LOCALES, chooseLocale(defaultLocale, SUPPORTED_LOCALES, 'en'));
}

export interface Translator<K extends string = MessageKey> {
  /** The catalog locale actually used, e.g. `ja`. */
  locale: string;
  timeZone: string;
  runs(key: K, args?: Args): Run[];
  text(key: K, args?: Args): string;
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
  const chosen = catalogLocale(locale, defaultLocale);
  // Dates and plurals follow the hire's full tag when we speak their language (ja-JP), else the catalog's.
  const formatLocale = chosen === chooseLocale(locale, [chosen], '') ? safeLocale(locale, chosen) : chosen;
  const options = { locale: formatLocale, timeZone };
  const message = (key: string): CompiledMessage => {
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
    runs: (key, args = {}) => formatRuns(message(key), args, options, key),
    text: (key, args = {}) =>
      formatRuns(message(key), args, options, key)
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
