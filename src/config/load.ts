/**
 * Reads the configuration once per cold start: inline JSON from `ONBOARDING_CONFIG`, or else the file
 * named by `ONBOARDING_CONFIG_FILE`. Fails fast with a message naming every bad field.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../domain/errors';
import { parseConfig } from '../schemas/config';
import type { OnboardingConfig } from './config';

export { ConfigError } from '../domain/errors';
export { parseConfig } from '../schemas/config';
export * from './config';

const cache = new Map<string, OnboardingConfig>();

export function loadConfig(env: Record<string, string | undefined> = process.env): OnboardingConfig {
  const inline = env.ONBOARDING_CONFIG?.trim();
  const file = env.ONBOARDING_CONFIG_FILE?.trim();
  const key = inline ? `inline:${inline}` : file ? `file:${file}` : '';
  if (!key) {
    throw new ConfigError([
      'set ONBOARDING_CONFIG (inline JSON) or ONBOARDING_CONFIG_FILE (path to a JSON file, e.g. config/onboarding.json)',
    ]);
  }
  const cached = cache.get(key);
  if (cached) return cached;

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
  return config;
}

/** For tests that load several configurations in one process. */
export function clearConfigCache(): void {
  cache.clear();
}
