/**
 * A text given once or per language: the configuration's company name, subject prefix and closure labels,
 * and a public holiday's names. Stored per language tag (`en`, `ja`, ...); the configuration gives a text
 * written once to every language of config.locales (src/kernel/config/localized-schema.ts, parseConfig).
 */
export type LocalizedText = Readonly<Record<string, string>>;

/** The tag of `supported` closest to `requested` (`ja-JP` reads `ja`; any case, `_` as `-`); none: undefined. */
export function closestLocale(
  requested: string | undefined,
  supported: readonly string[],
): string | undefined {
  const byLower = new Map(supported.map((s) => [s.toLowerCase(), s]));
  let tag = (requested ?? '').trim().replace(/_/g, '-').toLowerCase();
  while (tag) {
    const hit = byLower.get(tag);
    if (hit) return hit;
    const cut = tag.lastIndexOf('-');
    tag = cut > 0 ? tag.slice(0, cut) : '';
  }
  return undefined;
}

/** `text` in `locale`, else in the default language (a configured text has both), else its first text. */
export function inLanguage(text: LocalizedText, locale: string, defaultLocale: string): string {
  const languages = Object.keys(text);
  const tag = closestLocale(locale, languages) ?? closestLocale(defaultLocale, languages) ?? languages[0];
  return tag === undefined ? '' : (text[tag] ?? '');
}
