import type { OnboardingConfig } from '../config/load';
import { chooseLocale } from '../email/catalog';
import type { EmailContext } from '../email/types';

/** The rendering context for a message to a hire (their language and zone) or to the admins (defaults). */
export function hireEmailContext(
  config: OnboardingConfig,
  person: { locale?: string | undefined; timeZone?: string | undefined },
): EmailContext {
  return {
    locale: chooseLocale(person.locale, config.locales, config.defaults.locale),
    defaultLocale: config.defaults.locale,
    timeZone: person.timeZone ?? config.defaults.timeZone,
    company: config.company,
    ...(config.email.subjectPrefix ? { subjectPrefix: config.email.subjectPrefix } : {}),
  };
}

export function adminEmailContext(config: OnboardingConfig): EmailContext {
  return hireEmailContext(config, config.defaults);
}
