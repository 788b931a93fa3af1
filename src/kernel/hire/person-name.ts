/** Languages that write the family name first (山田 花子, Nguyễn Văn An); the rest write it last. */
const FAMILY_FIRST = new Set(['ja', 'zh', 'ko', 'hu', 'vi']);

/**
 * A person's name in the order of their language (`locale`, a BCP 47 tag): family-given for Japanese and
 * the other family-first languages, given-family for the rest. The one rule for emails, pages and the CLI.
 */
export function personName(person: { givenName: string; familyName: string }, locale: string): string {
  const language = locale.split(/[-_]/)[0]!.toLowerCase();
  const given = person.givenName.trim();
  const family = person.familyName.trim();
  const parts = FAMILY_FIRST.has(language) ? [family, given] : [given, family];
  return parts.filter(Boolean).join(' ');
}
