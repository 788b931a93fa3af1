import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/kernel/config/load';

/** The problems parseConfig names for a configuration it must refuse (a test fails if it accepts it). */
export function configProblems(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected parseConfig to throw');
}
