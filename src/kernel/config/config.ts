/**
 * The product configuration as the code sees it once read (one JSON document, see config/onboarding.json;
 * read and checked by src/kernel/config/schema.ts), and the questions asked of it.
 */

import type { Closure } from '../calendar/calendar';
import { HR_FIELDS } from '../hire/hire';
import type { ConfiguredBundle } from '../hire/pcoip';
import type { IdentitySource } from '../hire/sign-in';
import type { LocalizedText } from './localized-text';

export const DIRECTORY_TYPES = [
  'SIMPLE_AD',
  'MANAGED_AD',
  'AD_CONNECTOR',
  'AWS_IAM_IDENTITY_CENTER',
] as const;
export type DirectoryType = (typeof DIRECTORY_TYPES)[number];
export const PASSWORD_SETUPS = ['hosted', 'company-password'] as const;
/** `hosted`: our setup page calls ds ResetUserPassword. `company-password`: the user already has one. */
export type PasswordSetup = (typeof PASSWORD_SETUPS)[number];
export const PROTOCOLS = ['PCOIP', 'WSP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const RUNNING_MODES = ['AUTO_STOP', 'ALWAYS_ON'] as const;
export type RunningMode = (typeof RUNNING_MODES)[number];

export interface DirectoryConfig {
  /** `d-` followed by 10 hex digits (Directory Service), or `wsd-` and 8–63 letters or digits. */
  id: string;
  type: DirectoryType;
  alias?: string;
  /** Exactly one directory is the default (implied when there is only one). */
  default: boolean;
  /** Defaults to `company-password` for AD_CONNECTOR and AWS_IAM_IDENTITY_CENTER, `hosted` otherwise. */
  passwordSetup: PasswordSetup;
  /** AWS_IAM_IDENTITY_CENTER only (and required there): where its users' passwords live. */
  identitySource?: IdentitySource;
  /** The AWS Region the directory is registered in; absent: the deployment's own Region. */
  region?: string;
  /** Whose public holidays count for its hires that HR gives no country for; absent: calendar.country. */
  country?: string;
  /**
   * MANAGED_AD only: provisioning creates a hire's missing directory account through Directory Service Data
   * (when it is enabled on the directory) instead of waiting for an admin to create it.
   */
  createUsers?: boolean;
}

/** What a directory rule may look at; every criterion given must match. */
export interface HireTraits {
  department?: string | undefined;
  jobTitle?: string | undefined;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string | undefined;
  /** Canonical BCP 47 tag. */
  locale?: string | undefined;
}

/**
 * Matches when every given criterion equals the hire's value (case-insensitive); a rule's `locale` also
 * matches any region of its language (`ja` matches `ja-JP`). First match wins.
 */
export interface DirectoryRule {
  department?: string;
  jobTitle?: string;
  country?: string;
  locale?: string;
  directoryId: string;
}

export interface BundleChoice {
  bundleId: string;
  protocol: Protocol;
}

/** Matches when every given criterion equals the hire's value (case-insensitive). First match wins. */
export interface BundleRule extends BundleChoice {
  department?: string;
  jobTitle?: string;
}

/** The HR systems a source can speak (docs/hr-sources.md). */
export const HR_PRESETS = ['hibob', 'bamboohr', 'smarthr', 'personio'] as const;
export type HrPreset = (typeof HR_PRESETS)[number];
/**
 * The fields of our hire a source's mapping can fill from the vendor's person record: every field of the
 * webhook's hire (the employee id is always the vendor's own id of the person, from the notification).
 */
export const MAPPED_FIELDS = HR_FIELDS;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/**
 * One HR system that posts to `POST /webhooks/{name}` in its own format. `mapping` names, per field of our
 * hire, the path of the vendor's field (`work.title`, `custom.ad.userName`); it adds to and overrides the
 * preset's defaults, which is where the fields vendors keep in custom fields (user name, locale) go.
 */
export interface HrSourceConfig {
  name: string;
  preset: HrPreset;
  /** The vendor's API base URL; HR_API_URL_<NAME> overrides it (the local fakes). */
  apiUrl?: string;
  mapping: Partial<Record<MappedField, string>>;
}

/** A text in each language of `locales` (a single configured text is every language's). */
export type { LocalizedText };

export interface SupportContact {
  email: string;
  phone?: string;
  url?: string;
}

/** The support of the hires of one country, or of one directory. */
export interface SupportContactRule {
  country?: string;
  directoryId?: string;
  contact: SupportContact;
}

export interface OnboardingConfig {
  company: {
    name: LocalizedText;
    /** Everyone's support, unless supportContacts has one for the hire's country or directory. */
    supportContact: SupportContact;
    supportContacts: SupportContactRule[];
  };
  /** The `<source>` of hire ids and execution names. */
  hrSource: string;
  /** HR systems connected through a preset adapter (`POST /webhooks/{name}`), besides `/webhooks/hr`. */
  sources: HrSourceConfig[];
  directories: DirectoryConfig[];
  /** Which directory a hire without `directoryId` gets; none matching: the default directory. */
  directoryRules: DirectoryRule[];
  bundles: { default: BundleChoice; rules: BundleRule[] };
  runningMode: RunningMode;
  provisioning: {
    leadDays: number;
    /**
     * A hire whose directory account does not exist yet waits until its start date has passed, and at
     * least this long after the first "unknown user" answer (replication; a late hire).
     */
    directoryAccountGraceMinutes: number;
    timeoutMinutes: number;
    /** Minutes after CreateWorkspaces before the first batched status poll (provisioning takes ~20 min). */
    firstPollAfterMinutes: number;
    /** Minutes between batched status polls of a PENDING WorkSpace. */
    pollEveryMinutes: number;
    apiBudget: { ratePerSecond: number; burst: number };
  };
  email: {
    from: string;
    replyTo?: string;
    adminAddresses: string[];
    /** The brand of every subject; absent: the company name (templates/messages, brand.subject). */
    subjectPrefix?: LocalizedText;
  };
  defaults: { locale: string; timeZone: string };
  /** Supported invitation languages, e.g. `['en', 'ja']`. */
  locales: string[];
  reminders: {
    /** Days after the invitation on which to remind; after the last one the hire is escalated. */
    afterDays: number[];
    /** Reminders go out only inside these hours, in the hire's time zone. Weekdays: 1 = Monday … 7 = Sunday. */
    businessHours: { start: string; end: string; weekdays: number[] };
  };
  /**
   * The readiness check: `businessDaysBefore` business days (reminders.businessHours.weekdays) before a
   * hire's start date, at the opening of business hours in the hire's time zone, one email to the manager
   * (and to the admins when `copyAdmins`): ready, or at risk with what to do.
   */
  readinessCheck: { enabled: boolean; businessDaysBefore: number; copyAdmins: boolean };
  setupTokenTtlHours: number;
  /**
   * A setup link works until this time (`HH:MM`, the hire's time zone) on the first working day at or after
   * `setupTokenTtlHours` from when it was sent: the deadline the email shows is the token's expiry.
   */
  setupLinkDeadline: string;
  /**
   * The company calendar (src/kernel/calendar/calendar.ts): `country` is whose public holidays count for a hire
   * without a country of their own or of their directory (none: weekdays and closures only); `closures`
   * are days the company is closed, for everyone or for hires of some countries.
   */
  calendar: { country?: string; closures: Closure[] };
  /** Directory user names never given to a hire, on top of the built-in accounts (Administrator, ...). */
  protectedUserNames: string[];
  /** What HR's `employee.hire_cancelled` does to a WorkSpace made for the hire. */
  onCancel: {
    /** Terminate it when nobody ever signed in to it (its data is destroyed); otherwise the admins decide. */
    terminateUnusedWorkspace: boolean;
  };
  /** The firewall picture: the allowlist watch and what it covers. */
  network: {
    /** Global Accelerator is on for the Amazon DCV WorkSpaces: its ranges matter too. */
    globalAccelerator: boolean;
    /** The Regions whose ranges matter; the deployment's Region when absent. */
    regions?: string[];
    /** Who is told when the ranges change, each in their language (the default locale when absent). */
    contacts: { email: string; locale?: string }[];
  };
  /**
   * Chat channels that get every admin alert too, through the chat topic (Amazon Q Developer in chat
   * applications); email stays the alert of record. Absent: email only.
   */
  notifications: {
    slack?: { workspaceId: string; channelId: string };
    teams?: { teamId: string; channelId: string; tenantId: string };
  };
}

/** The address of a sender as configured: `it@example.com`, or the address of `Display Name <it@example.com>`. */
export function senderAddress(from: string): string {
  return /<([^<>]+)>$/.exec(from)?.[1] ?? from;
}

/** Every streaming protocol a configured bundle uses (the API's values; WSP is Amazon DCV). */
export function configuredProtocols(config: Pick<OnboardingConfig, 'bundles'>): Protocol[] {
  const used = new Set([config.bundles.default, ...config.bundles.rules].map((b) => b.protocol));
  return PROTOCOLS.filter((p) => used.has(p));
}

/** Every configured bundle with where it sits in the file (the PCoIP end-of-support rule names the field). */
export function configuredBundles(config: Pick<OnboardingConfig, 'bundles'>): ConfiguredBundle[] {
  return [
    { at: 'bundles.default', ...config.bundles.default },
    ...config.bundles.rules.map((r, i) => ({
      at: `bundles.rules[${i}]`,
      bundleId: r.bundleId,
      protocol: r.protocol,
    })),
  ];
}

const same = (want: string | undefined, have: string | undefined) =>
  want === undefined || (have !== undefined && want.trim().toLowerCase() === have.trim().toLowerCase());

const sameLanguage = (want: string | undefined, have: string | undefined) =>
  same(want, have) ||
  (want !== undefined && !want.includes('-') && have !== undefined && same(want, have.split('-')[0]));

/** True when every criterion the rule gives matches the hire. */
function matches(rule: HireTraits, hire: HireTraits): boolean {
  return (
    same(rule.department, hire.department) &&
    same(rule.jobTitle, hire.jobTitle) &&
    same(rule.country, hire.country) &&
    sameLanguage(rule.locale, hire.locale)
  );
}

/** The bundle for a hire: the first rule whose criteria all match, else the default. */
export function chooseBundle(
  config: Pick<OnboardingConfig, 'bundles'>,
  hire: { department?: string | undefined; jobTitle?: string | undefined },
): BundleChoice {
  const rule = config.bundles.rules.find((r) => matches(r, hire));
  const chosen = rule ?? config.bundles.default;
  return { bundleId: chosen.bundleId, protocol: chosen.protocol };
}

/** The directory for a hire HR named none for: the first directory rule that matches, else the default. */
export function chooseDirectory(
  config: Pick<OnboardingConfig, 'directories' | 'directoryRules'>,
  hire: HireTraits,
): DirectoryConfig {
  const rule = config.directoryRules.find((r) => matches(r, hire));
  return (rule && findDirectory(config, rule.directoryId)) ?? defaultDirectory(config);
}

/** The Region a directory's WorkSpaces API and Directory Service calls go to. */
export function directoryRegion(
  config: Pick<OnboardingConfig, 'directories'>,
  directoryId: string,
  deploymentRegion: string,
): string {
  return findDirectory(config, directoryId)?.region ?? deploymentRegion;
}

export function defaultDirectory(config: Pick<OnboardingConfig, 'directories'>): DirectoryConfig {
  return config.directories.find((d) => d.default) ?? config.directories[0]!;
}

export function findDirectory(
  config: Pick<OnboardingConfig, 'directories'>,
  id: string,
): DirectoryConfig | undefined {
  return config.directories.find((d) => d.id === id);
}

/** Whom a hire (or their manager) asks: their country's support, else their directory's, else everyone's. */
export function supportContactFor(
  config: Pick<OnboardingConfig, 'company'>,
  hire: { country?: string | undefined; directoryId?: string | undefined },
): SupportContact {
  const { supportContacts: rules, supportContact } = config.company;
  const country = hire.country?.toUpperCase();
  const byCountry = country ? rules.find((r) => r.country === country) : undefined;
  const byDirectory = hire.directoryId ? rules.find((r) => r.directoryId === hire.directoryId) : undefined;
  return (byCountry ?? byDirectory)?.contact ?? supportContact;
}
