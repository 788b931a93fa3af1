/**
 * The product configuration (one JSON document, see config/onboarding.json) and its validation.
 * `parseConfig` applies defaults and reports every bad field at once, each as `config.<path>: <problem>`.
 * Keys starting with `$` (such as `$comment`) are documentation and ignored; any other unknown key is an
 * error, so a typo never silently falls back to a default.
 */
import { ConfigError } from '../domain/errors';
import { isEmailAddress, resolveTimeZone } from '../domain/hire';
import { DIRECTORY_WAIT_MAX_DAYS } from '../domain/provisioning';

export { ConfigError } from '../domain/errors';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

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
}

export function parseConfig(raw: unknown): OnboardingConfig {
  const v = new Reader();
  const root = v.object(raw, 'config', [
    'company',
    'hrSource',
    'directories',
    'bundles',
    'runningMode',
    'provisioning',
    'email',
    'defaults',
    'locales',
    'reminders',
    'setupTokenTtlHours',
    'protectedUserNames',
    'onCancel',
  ]);

  const company = v.object(root.company, 'config.company', ['name', 'supportContact']);
  const contact = v.object(company.supportContact, 'config.company.supportContact', [
    'email',
    'phone',
    'url',
  ]);
  const supportContact: OnboardingConfig['company']['supportContact'] = {
    email: v.email(contact.email, 'config.company.supportContact.email'),
  };
  const phone = v.optionalString(contact.phone, 'config.company.supportContact.phone', 40);
  if (phone !== undefined) supportContact.phone = phone;
  const url = v.optionalString(contact.url, 'config.company.supportContact.url', 500);
  if (url !== undefined) {
    if (!/^https?:\/\/[^\s]+$/.test(url))
      v.problem('config.company.supportContact.url', 'must be an http(s) URL');
    supportContact.url = url;
  }

  const hrSource = v.string(root.hrSource ?? 'hr', 'config.hrSource', 32);
  if (hrSource && !/^[A-Za-z0-9_-]+$/.test(hrSource)) {
    v.problem('config.hrSource', 'must be letters, digits, "_" or "-"');
  }

  const directories = parseDirectories(v, root.directories);
  const bundles = parseBundles(v, root.bundles);

  if (isRecord(root.provisioning) && 'unknownUserRetryMinutes' in root.provisioning) {
    v.problem(
      'config.provisioning.unknownUserRetryMinutes',
      'replaced by directoryAccountGraceMinutes: a hire whose directory account is missing now waits until its start date has passed (README, "Waiting for the directory account")',
    );
  }
  const provisioningRaw = v.object(root.provisioning ?? {}, 'config.provisioning', [
    'leadDays',
    'unknownUserRetryMinutes',
    'directoryAccountGraceMinutes',
    'timeoutMinutes',
    'firstPollAfterMinutes',
    'pollEveryMinutes',
    'apiBudget',
  ]);
  const budget = v.object(provisioningRaw.apiBudget ?? {}, 'config.provisioning.apiBudget', [
    'ratePerSecond',
    'burst',
  ]);
  const problemsBeforeProvisioning = v.problems.length;
  const provisioning: OnboardingConfig['provisioning'] = {
    leadDays: v.integer(provisioningRaw.leadDays ?? 7, 'config.provisioning.leadDays', 0, 365),
    directoryAccountGraceMinutes: v.integer(
      provisioningRaw.directoryAccountGraceMinutes ?? 120,
      'config.provisioning.directoryAccountGraceMinutes',
      0,
      DIRECTORY_WAIT_MAX_DAYS * 1440,
    ),
    timeoutMinutes: v.integer(
      provisioningRaw.timeoutMinutes ?? 60,
      'config.provisioning.timeoutMinutes',
      1,
      1440,
    ),
    firstPollAfterMinutes: v.integer(
      provisioningRaw.firstPollAfterMinutes ?? 10,
      'config.provisioning.firstPollAfterMinutes',
      1,
      1440,
    ),
    pollEveryMinutes: v.integer(
      provisioningRaw.pollEveryMinutes ?? 2,
      'config.provisioning.pollEveryMinutes',
      1,
      1440,
    ),
    apiBudget: {
      ratePerSecond: v.number(
        budget.ratePerSecond ?? 2,
        'config.provisioning.apiBudget.ratePerSecond',
        0.01,
        100,
      ),
      burst: v.integer(budget.burst ?? 5, 'config.provisioning.apiBudget.burst', 1, 1000),
    },
  };

  // A timeout at or before the first poll would fail every hire whose WorkSpace is still PENDING then.
  if (
    v.problems.length === problemsBeforeProvisioning &&
    provisioning.timeoutMinutes <= provisioning.firstPollAfterMinutes
  ) {
    v.problem(
      'config.provisioning.timeoutMinutes',
      `must be more than firstPollAfterMinutes (${provisioning.firstPollAfterMinutes}); WorkSpaces take tens of minutes to provision`,
    );
  }

  const emailRaw = v.object(root.email, 'config.email', [
    'from',
    'replyTo',
    'adminAddresses',
    'subjectPrefix',
  ]);
  const email: OnboardingConfig['email'] = {
    from: v.sender(emailRaw.from, 'config.email.from'),
    adminAddresses: v
      .array(emailRaw.adminAddresses, 'config.email.adminAddresses', 1)
      .map((item, i) => v.email(item, `config.email.adminAddresses[${i}]`)),
  };
  if (emailRaw.replyTo !== undefined) email.replyTo = v.email(emailRaw.replyTo, 'config.email.replyTo');
  const subjectPrefix = v.optionalString(emailRaw.subjectPrefix, 'config.email.subjectPrefix', 60);
  if (subjectPrefix !== undefined) email.subjectPrefix = subjectPrefix;

  const problemsBeforeLocales = v.problems.length;
  const locales = v
    .array(root.locales ?? ['en', 'ja'], 'config.locales', 1)
    .map((item, i) => v.locale(item, `config.locales[${i}]`));
  const localesValid = v.problems.length === problemsBeforeLocales;

  const defaultsRaw = v.object(root.defaults ?? {}, 'config.defaults', ['locale', 'timeZone']);
  const problemsBeforeDefaultLocale = v.problems.length;
  const defaultLocale = v.locale(defaultsRaw.locale ?? 'en', 'config.defaults.locale');
  const defaultLocaleValid = v.problems.length === problemsBeforeDefaultLocale;
  const defaults = {
    locale: defaultLocale,
    timeZone: v.timeZone(defaultsRaw.timeZone ?? 'UTC', 'config.defaults.timeZone'),
  };
  if (localesValid && defaultLocaleValid && !localeSupported(defaults.locale, locales)) {
    v.problem('config.defaults.locale', `must be one of config.locales (${locales.join(', ')})`);
  }

  const remindersRaw = v.object(root.reminders ?? {}, 'config.reminders', ['afterDays', 'businessHours']);
  const afterDays = v
    .array(remindersRaw.afterDays ?? [1, 3, 7], 'config.reminders.afterDays', 1)
    .map((item, i) => v.integer(item, `config.reminders.afterDays[${i}]`, 1, 365));
  if (afterDays.some((day, i) => i > 0 && day <= afterDays[i - 1]!)) {
    v.problem('config.reminders.afterDays', 'must be in increasing order');
  }
  const hoursRaw = v.object(remindersRaw.businessHours ?? {}, 'config.reminders.businessHours', [
    'start',
    'end',
    'weekdays',
  ]);
  const businessHours = {
    start: v.clock(hoursRaw.start ?? '09:00', 'config.reminders.businessHours.start'),
    end: v.clock(hoursRaw.end ?? '18:00', 'config.reminders.businessHours.end'),
    weekdays: v
      .array(hoursRaw.weekdays ?? [1, 2, 3, 4, 5], 'config.reminders.businessHours.weekdays', 1)
      .map((item, i) => v.integer(item, `config.reminders.businessHours.weekdays[${i}]`, 1, 7)),
  };
  const isClock = (text: string) => CLOCK.test(text);
  if (
    isClock(businessHours.start) &&
    isClock(businessHours.end) &&
    businessHours.start >= businessHours.end
  ) {
    v.problem('config.reminders.businessHours', 'start must be before end');
  }

  const protectedUserNames = v
    .array(root.protectedUserNames ?? [], 'config.protectedUserNames', 0)
    .map((item, i) => v.string(item, `config.protectedUserNames[${i}]`, 64));
  const onCancelRaw = v.object(root.onCancel ?? {}, 'config.onCancel', ['terminateUnusedWorkspace']);
  const onCancel = {
    terminateUnusedWorkspace: v.boolean(
      onCancelRaw.terminateUnusedWorkspace ?? false,
      'config.onCancel.terminateUnusedWorkspace',
    ),
  };

  const config: OnboardingConfig = {
    company: { name: v.string(company.name, 'config.company.name', 100), supportContact },
    hrSource,
    directories,
    bundles,
    runningMode: v.oneOf(root.runningMode ?? 'AUTO_STOP', 'config.runningMode', RUNNING_MODES),
    provisioning,
    email,
    defaults,
    locales,
    reminders: { afterDays, businessHours },
    setupTokenTtlHours: v.integer(root.setupTokenTtlHours ?? 168, 'config.setupTokenTtlHours', 1, 720),
    protectedUserNames,
    onCancel,
  };
  if (v.problems.length > 0) throw new ConfigError(v.problems);
  return config;
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

function parseDirectories(v: Reader, raw: unknown): DirectoryConfig[] {
  const items = v.array(raw, 'config.directories', 1);
  const directories = items.map((item, i): DirectoryConfig => {
    const path = `config.directories[${i}]`;
    const d = v.object(item, path, ['id', 'type', 'alias', 'default', 'passwordSetup']);
    const id = v.string(d.id, `${path}.id`, 12);
    if (id && !/^d-[0-9a-f]{10}$/.test(id)) v.problem(`${path}.id`, 'must be "d-" followed by 10 hex digits');
    const type = v.oneOf(d.type, `${path}.type`, DIRECTORY_TYPES);
    const passwordSetup = v.oneOf(
      d.passwordSetup ?? (type === 'AD_CONNECTOR' ? 'company-password' : 'hosted'),
      `${path}.passwordSetup`,
      PASSWORD_SETUPS,
    );
    if (type === 'AD_CONNECTOR' && passwordSetup === 'hosted') {
      v.problem(
        `${path}.passwordSetup`,
        'AD_CONNECTOR users keep their company password: use company-password',
      );
    }
    const directory: DirectoryConfig = {
      id,
      type,
      default: v.boolean(d.default ?? items.length === 1, `${path}.default`),
      passwordSetup,
    };
    const alias = v.optionalString(d.alias, `${path}.alias`, 62);
    if (alias !== undefined) directory.alias = alias;
    return directory;
  });
  const defaults = directories.filter((d) => d.default).length;
  if (items.length > 0 && defaults !== 1) {
    v.problem('config.directories', `exactly one directory must have "default": true, found ${defaults}`);
  }
  const seen = new Set<string>();
  directories.forEach((d, i) => {
    if (d.id && seen.has(d.id)) v.problem(`config.directories[${i}].id`, `duplicate directory ${d.id}`);
    seen.add(d.id);
  });
  return directories;
}

function parseBundles(v: Reader, raw: unknown): OnboardingConfig['bundles'] {
  const b = v.object(raw, 'config.bundles', ['default', 'rules']);
  const choice = (
    item: unknown,
    path: string,
    extra: string[] = [],
  ): Record<string, unknown> & BundleChoice => {
    const c = v.object(item, path, ['bundleId', 'protocol', ...extra]);
    const bundleId = v.string(c.bundleId, `${path}.bundleId`, 67);
    if (bundleId && !/^wsb-[0-9a-z]{8,63}$/.test(bundleId)) {
      v.problem(`${path}.bundleId`, 'must be a WorkSpaces bundle id like wsb-0123abcd');
    }
    return { ...c, bundleId, protocol: v.oneOf(c.protocol, `${path}.protocol`, PROTOCOLS) };
  };
  const fallback = choice(b.default, 'config.bundles.default');
  const rules = v.array(b.rules ?? [], 'config.bundles.rules', 0).map((item, i) => {
    const path = `config.bundles.rules[${i}]`;
    const r = choice(item, path, ['department', 'jobTitle']);
    const rule: BundleRule = { bundleId: r.bundleId, protocol: r.protocol };
    const department = v.optionalString(r.department, `${path}.department`, 100);
    const jobTitle = v.optionalString(r.jobTitle, `${path}.jobTitle`, 100);
    if (department !== undefined) rule.department = department;
    if (jobTitle !== undefined) rule.jobTitle = jobTitle;
    if (department === undefined && jobTitle === undefined && isRecord(item)) {
      v.problem(path, 'needs a department or a jobTitle (use bundles.default for everyone else)');
    }
    return rule;
  });
  return { default: { bundleId: fallback.bundleId, protocol: fallback.protocol }, rules };
}

function localeSupported(locale: string, supported: readonly string[]): boolean {
  const wanted = supported.map((s) => s.toLowerCase());
  return wanted.includes(locale.toLowerCase()) || wanted.includes(locale.split('-')[0]!.toLowerCase());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects problems instead of throwing. On a bad value each reader returns a placeholder of the right
 * type, so validation carries on and every problem is reported.
 */
class Reader {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string, keys: string[]): Record<string, unknown> {
    if (!isRecord(value)) {
      this.problem(path, value === undefined ? 'is required' : 'must be an object');
      return {};
    }
    for (const key of Object.keys(value)) {
      if (!key.startsWith('$') && !keys.includes(key)) this.problem(`${path}.${key}`, 'unknown field');
    }
    return value;
  }

  array(value: unknown, path: string, min: number): unknown[] {
    if (!Array.isArray(value)) {
      this.problem(path, value === undefined ? 'is required' : 'must be an array');
      return [];
    }
    if (value.length < min) this.problem(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    return value;
  }

  string(value: unknown, path: string, max: number): string {
    if (value === undefined) {
      this.problem(path, 'is required');
      return '';
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(path, 'must be a non-empty string');
      return '';
    }
    if (value.length > max) this.problem(path, `must be at most ${max} characters`);
    return value.trim();
  }

  optionalString(value: unknown, path: string, max: number): string | undefined {
    return value === undefined ? undefined : this.string(value, path, max);
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.problem(path, 'must be true or false');
      return false;
    }
    return value;
  }

  number(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.problem(path, `must be a number from ${min} to ${max}`);
      return min;
    }
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(path, `must be a whole number from ${min} to ${max}`);
      return min;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.problem(path, value === undefined ? 'is required' : `must be one of ${allowed.join(', ')}`);
      return allowed[0]!;
    }
    return value as T;
  }

  email(value: unknown, path: string): string {
    const text = this.string(value, path, 254);
    if (text && !isEmailAddress(text)) this.problem(path, 'must be an email address like it@example.com');
    return text;
  }

  /** `it@example.com` or `Display Name <it@example.com>` (SES FromEmailAddress). */
  sender(value: unknown, path: string): string {
    const text = this.string(value, path, 320);
    const address = /<([^<>]+)>$/.exec(text)?.[1] ?? text;
    if (text && !isEmailAddress(address)) {
      this.problem(path, 'must be an email address, optionally as "Name <address>"');
    }
    return text;
  }

  locale(value: unknown, path: string): string {
    const text = this.string(value, path, 35);
    if (!text) return text;
    try {
      return Intl.getCanonicalLocales(text)[0]!;
    } catch {
      this.problem(path, 'must be a BCP 47 language tag such as ja or en-US');
      return text;
    }
  }

  timeZone(value: unknown, path: string): string {
    const text = this.string(value, path, 64);
    if (!text) return text;
    const resolved = resolveTimeZone(text);
    if (!resolved) this.problem(path, 'must be an IANA time zone such as Asia/Tokyo or UTC');
    return resolved ?? text;
  }

  clock(value: unknown, path: string): string {
    const text = this.string(value, path, 5);
    if (text && !CLOCK.test(text)) this.problem(path, 'must be a time HH:MM (24-hour)');
    return text;
  }
}
