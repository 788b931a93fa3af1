/**
 * Reads the configuration once per cold start: inline JSON from `ONBOARDING_CONFIG`, or else the file
 * named by `ONBOARDING_CONFIG_FILE`. Fails fast with a message naming every bad field, each at its line and
 * column (`config/onboarding.json:12:5: config.remindrs: unknown field; did you mean "reminders"?`). PCoIP bundles are
 * checked on every load against the product's clock: a warning line before AWS's end of support, a
 * refusal from that day (src/kernel/hire/pcoip.ts).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { type Clock, systemClock } from '../clock';
import { ConfigError } from '../errors';
import { PCOIP_END_OF_SUPPORT, PCOIP_NEW_CUSTOMERS_END, pcoipVerdict } from '../hire/pcoip';
import { log } from '../log';
import { configuredBundles, type OnboardingConfig } from './config';
import { JsonSyntaxError, scanJson } from './json-positions';
import { parseConfig } from './schema';

export { ConfigError } from '../errors';
export * from './config';
export { parseConfig } from './schema';

const cache = new Map<string, OnboardingConfig>();

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  clock: Clock = systemClock,
): OnboardingConfig {
  const inline = env.ONBOARDING_CONFIG?.trim();
  const file = env.ONBOARDING_CONFIG_FILE?.trim();
  const key = inline ? `inline:${inline}` : file ? `file:${file}` : '';
  if (!key) {
    throw new ConfigError([
      'set ONBOARDING_CONFIG (inline JSON) or ONBOARDING_CONFIG_FILE (path to a JSON file, e.g. config/onboarding.json)',
    ]);
  }
  const cached = cache.get(key);
  if (cached) return withinPcoipSupport(cached, clock, false);

  let text: string;
  const source = inline ? 'ONBOARDING_CONFIG' : `ONBOARDING_CONFIG_FILE ${file}`;
  try {
    text = inline ? inline : readFileSync(file!, 'utf8');
  } catch (error) {
    throw new ConfigError([`${source}: cannot read the file (${(error as Error).message})`], {
      cause: error,
    });
  }
  // Problems name the file (or the variable) with the line and column, as an editor jumps to them.
  const name = inline ? 'ONBOARDING_CONFIG' : shortPath(file!);
  let positions: ReturnType<typeof scanJson>;
  try {
    positions = scanJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column } = error.position;
    throw new ConfigError([`${name}:${line}:${column}: not valid JSON: ${error.message}`]);
  }
  const config = parseConfig(JSON.parse(text), (path) => {
    const { line, column } = positions.at(path);
    return `${name}:${line}:${column}`;
  });
  cache.set(key, config);
  return withinPcoipSupport(config, clock, true);
}

/** The configuration's PCoIP problems on the clock's date; `[]` when it names no PCoIP bundle. */
export function pcoipWarnings(config: OnboardingConfig, clock: Clock = systemClock): string[] {
  const verdict = pcoipVerdict(configuredBundles(config), clock.now());
  return verdict.outcome === 'none' ? [] : verdict.problems;
}

/** Refuses a PCoIP configuration from AWS's end of support; before it, says so once per load (cold start). */
function withinPcoipSupport(config: OnboardingConfig, clock: Clock, firstLoad: boolean): OnboardingConfig {
  const verdict = pcoipVerdict(configuredBundles(config), clock.now());
  if (verdict.outcome === 'refuse') throw new ConfigError(verdict.problems);
  if (verdict.outcome === 'warn' && firstLoad) {
    log.warn('the configuration gives hires PCoIP bundles', {
      problems: verdict.problems,
      pcoipNewCustomersEnd: PCOIP_NEW_CUSTOMERS_END,
      pcoipEndOfSupport: PCOIP_END_OF_SUPPORT,
    });
  }
  return config;
}

/** A file under the working directory by its relative path (`config/onboarding.json`), others in full. */
function shortPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith('..') && !isAbsolute(path) ? path : file;
}

/** For tests that load several configurations in one process. */
export function clearConfigCache(): void {
  cache.clear();
}
