import { type OnboardingConfig, supportContactFor } from '../config/load';
import { inLanguage } from '../config/localized-text';
import { catalogLocale, chooseLocale } from './catalog';
import type { EmailContext } from './types';

/** Who reads the email or page: their language and zone, and where they work (their support contact). */
export interface Reader {
  locale?: string | undefined;
  timeZone?: string | undefined;
  /** The hire's country and directory choose the support contact (supportContactFor). */
  country?: string | undefined;
  directoryId?: string | undefined;
}

/**
 * The rendering context for a message to a hire or about one (their language and zone, their support), or
 * to staff (the defaults). Configured texts are taken in the language the message is written in.
 */
export function hireEmailContext(config: OnboardingConfig, reader: Reader): EmailContext {
  const locale = chooseLocale(reader.locale, config.locales, config.defaults.locale);
  const written = catalogLocale(locale, config.defaults.locale);
  const prefix = config.email.subjectPrefix;
  return {
    locale,
    defaultLocale: config.defaults.locale,
    timeZone: reader.timeZone ?? config.defaults.timeZone,
    company: {
      name: inLanguage(config.company.name, written, config.defaults.locale),
      supportContact: supportContactFor(config, reader),
    },
    ...(prefix ? { subjectPrefix: inLanguage(prefix, written, config.defaults.locale) } : {}),
  };
}

/** To staff: the default language and zone, or a contact's own language. */
export function adminEmailContext(config: OnboardingConfig, locale?: string): EmailContext {
  return hireEmailContext(config, { ...config.defaults, ...(locale ? { locale } : {}) });
}
