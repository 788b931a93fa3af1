/**
 * Message catalogs: one folder per language, templates/messages/<locale>/, split into namespaces (one file
 * each) so that each Lambda bundles only the messages it can render:
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
 * This file reads only templates/compiled/index.ts, which `npm run messages` writes from the folders and
 * files of templates/messages: the languages, and per namespace a loader per language. Adding a language is
 * copying templates/messages/en/ to templates/messages/<locale>/, translating every message (same file
 * names, same keys, same {arguments}) and running `npm run messages`; no code changes.
 * test/unit/email.test.ts checks that every file of every language has exactly English's keys and arguments.
 *
 * A renderer names the namespaces it needs; `translator` loads those of the language it speaks (and
 * English, the last fallback) the first time, so a cold start evaluates no catalog and a bundle only the
 * languages it is asked for. A key outside the given namespaces throws instead of rendering a blank.
 */
import {
  type AlertsSource,
  alerts,
  type CommonSource,
  common,
  type HireEmailsSource,
  hireEmails,
  type InvitationSource,
  invitation,
  LOCALES,
  type NetworkWatchSource,
  networkWatch,
  type ReadinessSource,
  type RemindersSource,
  type ReportSource,
  readiness,
  reminders,
  report,
  type SetupPageSource,
  setupPage,
} from '../../../templates/compiled/index';
import { closestLocale } from '../config/localized-text';
import { type Args, type CompiledMessage, formatRuns, type Run } from './format';

type Loader = () => Promise<{ default: object }>;
declare const KEYS: unique symbol;

/**
 * One namespace: its compiled messages by locale, each loaded when first needed (English is always there),
 * typed by the keys of its English source.
 */
export type MessageTable<T> = Readonly<Record<string, Loader>> & { readonly [KEYS]: T };

/** A namespace of the index as its source's keys (the loaders do not carry them). */
const table = <T>(loaders: Readonly<Record<string, Loader>>) => loaders as MessageTable<T>;

export const COMMON_MESSAGES = /* @__PURE__ */ table<CommonSource>(common);
export const HIRE_EMAIL_MESSAGES = /* @__PURE__ */ table<HireEmailsSource>(hireEmails);
export const INVITATION_MESSAGES = /* @__PURE__ */ table<InvitationSource>(invitation);
export const REMINDER_MESSAGES = /* @__PURE__ */ table<RemindersSource>(reminders);
export const ALERT_MESSAGES = /* @__PURE__ */ table<AlertsSource>(alerts);
export const READINESS_MESSAGES = /* @__PURE__ */ table<ReadinessSource>(readiness);
export const SETUP_PAGE_MESSAGES = /* @__PURE__ */ table<SetupPageSource>(setupPage);
export const NETWORK_WATCH_MESSAGES = /* @__PURE__ */ table<NetworkWatchSource>(networkWatch);
/** The admin report (`npm run admin -- report --html`): rendered by the CLI, in no Lambda bundle. */
export const REPORT_MESSAGES = /* @__PURE__ */ table<ReportSource>(report);

/** The keys of the given tables. */
export type KeyOf<T> = T extends { readonly [KEYS]: infer S } ? keyof S & string : never;

export const SUPPORTED_LOCALES: readonly string[] = LOCALES;

type Compiled = Readonly<Record<string, CompiledMessage>>;
/** Each loaded namespace of a language, by its loader: loaded once per container. */
const loaded = new Map<Loader, Compiled>();

async function load(loader: Loader | undefined): Promise<void> {
  if (!loader || loaded.has(loader)) return;
  loaded.set(loader, (await loader()).default as Compiled);
}

type AnyTable = MessageTable<unknown>;
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

export interface Translator<K extends string = string> {
  /** The catalog locale actually used, e.g. `ja`. */
  locale: string;
  timeZone: string;
  runs(key: K, args?: Args): Run[];
  text(key: K, args?: Args): string;
}

/**
 * Speaks `locale` (fallback chain ending at defaultLocale, then English) with the messages of `tables`,
 * loading the ones of that language and English the first time.
 */
export async function translator<T extends AnyTable>(
  tables: readonly T[],
  locale: string,
  defaultLocale: string,
  timeZone: string,
): Promise<Translator<KeyOf<T>>> {
  const chosen = catalogLocale(locale, defaultLocale);
  await Promise.all(tables.flatMap((table) => [load(table[chosen]), load(table.en)]));
  // Dates and plurals follow the hire's full tag when we speak their language (ja-JP), else the catalog's.
  const formatLocale = chosen === chooseLocale(locale, [chosen], '') ? safeLocale(locale, chosen) : chosen;
  const options = { locale: formatLocale, timeZone };
  const message = (key: string): CompiledMessage => {
    for (const language of [chosen, 'en']) {
      for (const table of tables) {
        const found = loaded.get(table[language]!)?.[key];
        if (found !== undefined) return found;
      }
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
