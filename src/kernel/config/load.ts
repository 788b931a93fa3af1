/**
 * Reads the configuration once per cold start: inline JSON from `ONBOARDING_CONFIG`, or else the file
 * named by `ONBOARDING_CONFIG_FILE`. Fails fast with a message naming every bad field. PCoIP bundles are
 * checked on every load against the product's clock: a warning line before AWS's end of support, a
 * refusal from that day (src/kernel/hire/pcoip.ts).
 */
import { readFileSync } from 'node:fs';
import { type Clock, systemClock } from '../clock';
import { ConfigError } from '../errors';
import { PCOIP_END_OF_SUPPORT, PCOIP_NEW_CUSTOMERS_END, pcoipVerdict } from '../hire/pcoip';
import { log } from '../log';
import { configuredBundles, type OnboardingConfig } from './config';
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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${source}: not valid JSON (${(error as Error).message})`], { cause: error });
  }
  const config = parseConfig(raw);
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

/** For tests that load several configurations in one process. */
export function clearConfigCache(): void {
  cache.clear();
}
