/**
 * The product configuration as the code sees it once read (one JSON document, see config/onboarding.json;
 * read and checked by src/schemas/config.ts), and the questions asked of it.
 */
export const DIRECTORY_TYPES = ['SIMPLE_AD', 'MANAGED_AD', 'AD_CONNECTOR'] as const;
export type DirectoryType = (typeof DIRECTORY_TYPES)[number];
export const PASSWORD_SETUPS = ['hosted', 'company-password'] as const;
/** `hosted`: our setup page calls ds ResetUserPassword. `company-password`: the user already has one. */
export type PasswordSetup = (typeof PASSWORD_SETUPS)[number];
export const PROTOCOLS = ['PCOIP', 'WSP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const RUNNING_MODES = ['AUTO_STOP', 'ALWAYS_ON'] as const;
export type RunningMode = (typeof RUNNING_MODES)[number];

export interface DirectoryConfig {
  /** `d-` followed by 10 hex digits. */
  id: string;
  type: DirectoryType;
  alias?: string;
  /** Exactly one directory is the default (implied when there is only one). */
  default: boolean;
  /** Defaults to `company-password` for AD_CONNECTOR, `hosted` otherwise. */
  passwordSetup: PasswordSetup;
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

/** The HR systems a source can speak (README "Connecting an HR system"). */
export const HR_PRESETS = ['hibob', 'bamboohr', 'smarthr', 'personio'] as const;
export type HrPreset = (typeof HR_PRESETS)[number];
/**
 * The fields of our hire a source's mapping can fill from the vendor's person record (the employee id is
 * always the vendor's own id of the person, from the notification).
 */
export const MAPPED_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'userName',
  'startDate',
  'locale',
  'timeZone',
  'department',
  'jobTitle',
  'managerEmail',
  'directoryId',
] as const;
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

export interface OnboardingConfig {
  company: { name: string; supportContact: { email: string; phone?: string; url?: string } };
  /** The `<source>` of hire ids and execution names. */
  hrSource: string;
  /** HR systems connected through a preset adapter (`POST /webhooks/{name}`), besides `/webhooks/hr`. */
  sources: HrSourceConfig[];
  directories: DirectoryConfig[];
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
    subjectPrefix?: string;
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
  setupTokenTtlHours: number;
  /** Directory user names never given to a hire, on top of the built-in accounts (Administrator, ...). */
  protectedUserNames: string[];
  /** What HR's `employee.hire_cancelled` does to a WorkSpace made for the hire. */
  onCancel: {
    /** Terminate it when nobody ever signed in to it (its data is destroyed); otherwise the admins decide. */
    terminateUnusedWorkspace: boolean;
  };
}

/** The bundle for a hire: the first rule whose criteria all match, else the default. */
export function chooseBundle(
  config: Pick<OnboardingConfig, 'bundles'>,
  hire: { department?: string | undefined; jobTitle?: string | undefined },
): BundleChoice {
  const same = (want: string | undefined, have: string | undefined) =>
    want === undefined || (have !== undefined && want.trim().toLowerCase() === have.trim().toLowerCase());
  const rule = config.bundles.rules.find(
    (r) => same(r.department, hire.department) && same(r.jobTitle, hire.jobTitle),
  );
  const chosen = rule ?? config.bundles.default;
  return { bundleId: chosen.bundleId, protocol: chosen.protocol };
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
