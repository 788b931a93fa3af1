/**
 * `npm run holidays`: writes src/kernel/calendar/holiday-table.ts, the public holidays of every country the product
 * knows (JP, US, and each country config/onboarding.json names) for HOLIDAY_YEARS, from date-holidays. The
 * package carries every country's rules (megabytes) and its rule engine; the table is a few kilobytes, so no
 * Lambda bundle carries date-holidays (docs/decisions.md, "A company calendar"). Only holidays of type
 * `public` count: `bank` days (JP's 1/2, 1/3, 12/31) and observances are working days unless the
 * configuration closes them. test/unit/holiday-table.test.ts fails when the table is not what date-holidays
 * computes: run this after changing the countries, the years or the package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Holidays from 'date-holidays';

const ROOT = resolve(import.meta.dirname, '..');
export const TABLE_FILE = join('src', 'kernel', 'calendar', 'holiday-table.ts');
/** The countries alone, for the configuration's checks: functions that never count days skip the table. */
export const COUNTRIES_FILE = join('src', 'kernel', 'calendar', 'holiday-countries.ts');
export const BASE_COUNTRIES = ['JP', 'US'];
export const YEARS = { first: 2025, last: 2040 };
/** The product's languages and date-holidays' code for each (it spells Japanese `jp`). */
const LANGUAGES = { en: 'en', ja: 'jp' } as const;

/** Every country the sample configuration names: the calendar's, the directories', rules' and closures'. */
export function configuredCountries(root = ROOT): string[] {
  const config = JSON.parse(readFileSync(join(root, 'config', 'onboarding.json'), 'utf8'));
  const found = [
    config.calendar?.country,
    ...(config.directories ?? []).map((d: { country?: string }) => d.country),
    ...(config.directoryRules ?? []).map((r: { country?: string }) => r.country),
    ...(config.calendar?.closures ?? []).flatMap((c: { countries?: string[] }) => c.countries ?? []),
  ];
  return found.filter((c): c is string => typeof c === 'string').map((c) => c.toUpperCase());
}

/** One country's public holidays: each name once ([en, ja]), and `date:index` per holiday. */
export function countryTable(country: string): { names: [string, string][]; days: string } {
  // One instance per language: a language asked of an instance stays its fallback for later calls.
  const hd = new Holidays(country);
  // English as the country says it where it has an English of its own (en-us: "Labor Day"), else `en`.
  const english = hd.getLanguages().find((l) => l.startsWith('en-')) ?? LANGUAGES.en;
  const japanese = new Holidays(country);
  const names: [string, string][] = [];
  const days: string[] = [];
  for (let year = YEARS.first; year <= YEARS.last; year++) {
    const en = hd.getHolidays(year, english).filter((h) => h.type === 'public');
    const ja = japanese.getHolidays(year, LANGUAGES.ja).filter((h) => h.type === 'public');
    for (const holiday of en) {
      const same = ja.find((h) => h.date === holiday.date && h.rule === holiday.rule);
      const pair: [string, string] = [holiday.name, same?.name ?? holiday.name];
      let index = names.findIndex(([e, j]) => e === pair[0] && j === pair[1]);
      if (index < 0) index = names.push(pair) - 1;
      days.push(`${holiday.date.slice(0, 10)}:${index}`);
    }
  }
  return { names, days: days.join(' ') };
}

/** The two generated files (relative path → content). */
export function compileHolidayTable(root = ROOT): Map<string, string> {
  const countries = [...new Set([...BASE_COUNTRIES, ...configuredCountries(root)])].sort();
  const table = Object.fromEntries(countries.map((c) => [c, countryTable(c)]));
  const version = JSON.parse(
    readFileSync(join(root, 'node_modules', 'date-holidays', 'package.json'), 'utf8'),
  ).version;
  const json = JSON.stringify(table).replace(/[\\`]|\$\{/g, (match) => `\\${match}`);
  const header = `// Written by \`npm run holidays\` from date-holidays ${version} (public holidays only): do not edit.\n`;
  return new Map([
    [
      TABLE_FILE,
      header +
        `export const HOLIDAY_YEARS = { first: ${YEARS.first}, last: ${YEARS.last} };\n` +
        `/** Country → each holiday name once as [en, ja], and "YYYY-MM-DD:index" per holiday; parsed on first use. */\n` +
        `export const HOLIDAY_TABLE_JSON = \`${json}\`;\n`,
    ],
    [
      COUNTRIES_FILE,
      `${header}export const HOLIDAY_COUNTRIES: readonly string[] = [${countries.map((c) => `'${c}'`).join(', ')}];\n`,
    ],
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [file, content] of compileHolidayTable()) {
    writeFileSync(join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
