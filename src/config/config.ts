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

export interface OnboardingConfig {
  company: { name: string; supportContact: { email: string; phone?: string; url?: string } };
  /** The `<source>` of hire ids and execution names. */
  hrSource: string;
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
  /** The firewall picture: the allowlist watch and what it covers. */
  network: {
    /** Global Accelerator is on for the Amazon DCV WorkSpaces: its ranges matter too. */
    globalAccelerator: boolean;
    /** The Regions whose ranges matter; the deployment's Region when absent. */
    regions?: string[];
    /** Who is told when the ranges change, each in their language (the default locale when absent). */
    contacts: { email: string; locale?: string }[];
  };
}

/** Every streaming protocol a configured bundle uses (the API's values; WSP is Amazon DCV). */
export function configuredProtocols(config: Pick<OnboardingConfig, 'bundles'>): Protocol[] {
  const used = new Set([config.bundles.default, ...config.bundles.rules].map((b) => b.protocol));
  return PROTOCOLS.filter((p) => used.has(p));
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
