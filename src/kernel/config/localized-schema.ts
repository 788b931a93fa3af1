/**
 * A text given once or per language in the configuration (company.name, email.subjectPrefix, a closure's
 * label): the schema of one value, the check of its languages against config.locales once those are known,
 * and the text written once made every language's (parseConfig).
 */
import * as v from 'valibot';
import { isRecord, text } from '../schemas';
import type { LocalizedText } from './localized-text';

export function isLanguageTag(tag: string): boolean {
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

/**
 * One text for every language, or one per language (`{"en": "Example Corp", "ja": "株式会社エグザンプル"}`)
 * with BCP 47 keys, canonicalized; which languages it must name is checked against config.locales
 * (localizedProblems). `example` shows a per-language value in the message of a value of neither shape.
 */
export function localized(max: number, example = '{"en": "...", "ja": "..."}') {
  const perLanguage = v.pipe(
    v.custom<Record<string, unknown>>(
      isRecord,
      `must be a non-empty string, or one per language such as ${example}`,
    ),
    v.record(
      v.pipe(v.string(), v.check(isLanguageTag, 'must be a BCP 47 language tag such as ja or en-US')),
      text(max),
    ),
    v.transform((texts) =>
      Object.fromEntries(
        Object.entries(texts).map(([tag, value]) => [Intl.getCanonicalLocales(tag)[0]!, value]),
      ),
    ),
  );
  return v.lazy((input) => (typeof input === 'string' ? text(max) : perLanguage));
}

export type Problem = { at: (string | number)[]; message: string };

/**
 * A text given per language names exactly the languages of config.locales: none missing, none unknown.
 * `at` is its path from the configuration's root; `what` names it in a message (`has no name for ja`).
 */
export function localizedProblems(
  value: string | Readonly<Record<string, string>>,
  at: (string | number)[],
  what: string,
  locales: readonly string[],
): Problem[] {
  if (typeof value === 'string') return [];
  const given = Object.keys(value);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return [
    ...given
      .filter((tag) => !locales.some((l) => same(l, tag)))
      .map((tag) => ({ at: [...at, tag], message: `is not one of config.locales (${locales.join(', ')})` })),
    ...locales
      .filter((l) => !given.some((tag) => same(l, tag)))
      .map((l) => ({ at, message: `has no ${what} for ${l} (config.locales: ${locales.join(', ')})` })),
  ];
}

/** A text given once is every language's; one given per language is kept as it is. */
export function everyLanguage(value: string | LocalizedText, locales: readonly string[]): LocalizedText {
  return typeof value === 'string' ? Object.fromEntries(locales.map((l) => [l, value])) : value;
}
