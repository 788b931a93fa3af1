/**
 * Message catalogs, one JSON file per language under templates/messages/. Static imports so esbuild inlines
 * them into each Lambda bundle; adding a language is adding its file and one line here.
 */
import en from '../../templates/messages/en.json' with { type: 'json' };
import ja from '../../templates/messages/ja.json' with { type: 'json' };
import { type Args, formatRuns, type Run } from './format';

export type MessageKey = keyof typeof en;
export type Catalog = Readonly<Record<MessageKey, string>>;

export const CATALOGS: Readonly<Record<string, Catalog>> = { en, ja };

export const SUPPORTED_LOCALES: readonly string[] = Object.freeze(Object.keys(CATALOGS));

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

export interface Translator {
  /** The catalog locale actually used, e.g. `ja`. */
  locale: string;
  timeZone: string;
  runs(key: MessageKey, args?: Args): Run[];
  text(key: MessageKey, args?: Args): string;
  /** Formats an ad-hoc pattern such as `{actBy, datetime}` with this locale and zone. */
  pattern(pattern: string, args: Args): Run[];
}

/** Picks the catalog for `locale` (fallback chain ending at defaultLocale, then English). */
export function translator(locale: string, defaultLocale: string, timeZone: string): Translator {
  const fallback = chooseLocale(defaultLocale, SUPPORTED_LOCALES, 'en');
  const chosen = chooseLocale(locale, SUPPORTED_LOCALES, fallback);
  const catalog = CATALOGS[chosen]!;
  // Dates and plurals follow the hire's full tag when we speak their language (ja-JP), else the catalog's.
  const formatLocale = chosen === chooseLocale(locale, [chosen], '') ? safeLocale(locale, chosen) : chosen;
  const options = { locale: formatLocale, timeZone };
  const message = (key: MessageKey) => catalog[key] ?? CATALOGS.en![key];
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
