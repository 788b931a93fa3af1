/**
 * The configuration's schema. `parseConfig` applies defaults and reports every bad field at once, each as
 * `config.<path>: <problem>`. Keys starting with `$` (such as `$comment`) are documentation and ignored;
 * any other unknown key is an error, so a typo never silently falls back to a default.
 * A default applies to an absent or null value.
 */
import * as v from 'valibot';
import { ConfigError } from '../errors';
import {
  DIRECTORY_ID_FORMS,
  isCountryCode,
  isDirectoryId,
  isEmailAddress,
  resolveTimeZone,
  sourceKey,
  unsafeCharacterProblem,
} from '../hire/hire';
import { DIRECTORY_WAIT_MAX_DAYS } from '../hire/provisioning-date';
import type { IdentitySource } from '../hire/sign-in';
import {
  crossCheck,
  isRecord,
  issuePath,
  knownObject,
  list,
  numberBetween,
  oneOf,
  pathTo,
  text,
  wholeNumber,
} from '../schemas';
import { calendarSection, holidayCountry } from './calendar-schema';
import {
  DIRECTORY_TYPES,
  HR_PRESETS,
  MAPPED_FIELDS,
  type OnboardingConfig,
  PASSWORD_SETUPS,
  PROTOCOLS,
  RUNNING_MODES,
  senderAddress,
} from './config';
import { everyLanguage, isLanguageTag, localized, localizedProblems, type Problem } from './localized-schema';
import { notificationsSection } from './notifications-schema';

/**
 * The schema is built on the first parse, not at import: valibot's pipes are objects made by calls, and
 * every function loads the configuration only on its first invocation (src/kernel/http/deps.ts).
 */
function buildConfigSchema() {
  const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

  const email = v.pipe(text(254), v.check(isEmailAddress, 'must be an email address like it@example.com'));

  /** `it@example.com` or `Display Name <it@example.com>` (SES FromEmailAddress). */
  const sender = v.pipe(
    text(320),
    v.check(
      (value) => isEmailAddress(senderAddress(value)),
      'must be an email address, optionally as "Name <address>"',
    ),
  );

  const locale = v.pipe(
    text(35),
    v.check(isLanguageTag, 'must be a BCP 47 language tag such as ja or en-US'),
    v.transform((tag) => Intl.getCanonicalLocales(tag)[0]!),
  );

  const timeZone = v.pipe(
    text(64),
    v.check(
      (zone) => resolveTimeZone(zone) !== undefined,
      'must be an IANA time zone such as Asia/Tokyo or UTC',
    ),
    v.transform((zone) => resolveTimeZone(zone)!),
  );

  const clock = v.pipe(
    text(5),
    v.check((value) => CLOCK.test(value), 'must be a time HH:MM (24-hour)'),
  );

  const bundleId = v.pipe(
    text(67),
    v.check((id) => /^wsb-[0-9a-z]{8,63}$/.test(id), 'must be a WorkSpaces bundle id like wsb-0123abcd'),
  );

  // A Region name as AWS spells them (ap-northeast-1, us-gov-west-1, eu-central-2); which Regions offer
  // WorkSpaces changes over time, so the list is AWS's (docs/configuration.md, "Directories by rule and Region").
  const awsRegion = v.pipe(
    text(32),
    v.check(
      (region) => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region),
      'must be an AWS Region name such as ap-northeast-1 or us-west-2',
    ),
  );

  const country = v.pipe(
    text(2),
    v.check(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code such as JP or US'),
    v.transform((code) => code.toUpperCase()),
  );

  const httpUrl = v.pipe(
    text(500),
    v.check((url) => /^https?:\/\/[^\s]+$/.test(url), 'must be an http(s) URL'),
  );

  const directoryId = v.pipe(text(67), v.check(isDirectoryId, `must be ${DIRECTORY_ID_FORMS}`));

  const contactFields = { email, phone: v.optional(text(40)), url: v.optional(httpUrl) };
  const contactOf = (c: { email: string; phone?: string | undefined; url?: string | undefined }) => ({
    email: c.email,
    ...(c.phone !== undefined ? { phone: c.phone } : {}),
    ...(c.url !== undefined ? { url: c.url } : {}),
  });

  /** Support for the hires of one country, or of one directory (supportContactFor in config.ts). */
  const supportContactRule = v.pipe(
    knownObject({ country: v.optional(country), directoryId: v.optional(directoryId), ...contactFields }),
    crossCheck({
      fields: [['country'], ['directoryId']],
      test: (r) => (r.country === undefined) !== (r.directoryId === undefined),
      message: "needs a country or a directoryId, not both (company.supportContact is everyone else's)",
    }),
    v.transform(({ country, directoryId, ...contact }) => ({
      ...(country !== undefined ? { country } : {}),
      ...(directoryId !== undefined ? { directoryId } : {}),
      contact: contactOf(contact),
    })),
  );

  const company = knownObject({
    name: localized(100),
    supportContact: v.pipe(knownObject(contactFields), v.transform(contactOf)),
    supportContacts: v.nullish(list(supportContactRule, 0), []),
  });

  const IDENTITY_SOURCE_FORMS =
    '"identity-center" (users in the IAM Identity Center directory) or { "external": "<identity provider name>" } such as { "external": "Okta" }';

  /** Where an IAM Identity Center directory's users sign in: its own directory, or a named external IdP. */
  const identitySource = v.pipe(
    v.union(
      [
        v.literal('identity-center'),
        knownObject({
          // The name is shown to the hire ("Sign in with your Okta account").
          external: v.pipe(
            text(60),
            v.check((name) => unsafeCharacterProblem(name) === undefined, 'must be plain text'),
          ),
        }),
      ],
      `must be ${IDENTITY_SOURCE_FORMS}`,
    ),
    v.transform(
      (source): IdentitySource =>
        source === 'identity-center'
          ? { kind: 'identity-center' }
          : { kind: 'external', name: source.external },
    ),
  );

  const IDENTITY_CENTER = 'AWS_IAM_IDENTITY_CENTER';

  const directory = v.pipe(
    knownObject({
      id: directoryId,
      type: oneOf(DIRECTORY_TYPES),
      alias: v.optional(text(62)),
      default: v.nullish(v.boolean('must be true or false')),
      passwordSetup: v.nullish(oneOf(PASSWORD_SETUPS)),
      identitySource: v.optional(identitySource),
      region: v.optional(awsRegion),
      country: v.optional(holidayCountry),
      createUsers: v.nullish(v.boolean('must be true or false')),
    }),
    crossCheck({
      fields: [['type'], ['passwordSetup']],
      at: ['passwordSetup'],
      test: (d) => !(d.type === 'AD_CONNECTOR' && d.passwordSetup === 'hosted'),
      message: 'AD_CONNECTOR users keep their company password: use company-password',
    }),
    crossCheck({
      fields: [['type'], ['passwordSetup']],
      at: ['passwordSetup'],
      test: (d) => !(d.type === IDENTITY_CENTER && d.passwordSetup === 'hosted'),
      message:
        'IAM Identity Center users have no directory password for the setup page: use company-password',
    }),
    crossCheck({
      fields: [['type'], ['identitySource']],
      at: ['identitySource'],
      test: (d) => d.type !== IDENTITY_CENTER || d.identitySource !== undefined,
      message: `is required for an AWS_IAM_IDENTITY_CENTER directory: ${IDENTITY_SOURCE_FORMS}`,
    }),
    crossCheck({
      fields: [['type'], ['identitySource']],
      at: ['identitySource'],
      test: (d) => d.type === IDENTITY_CENTER || d.identitySource === undefined,
      message: (d) =>
        `only an AWS_IAM_IDENTITY_CENTER directory has an identity source; a ${d.type} directory signs its users in itself`,
    }),
    crossCheck({
      fields: [['type'], ['createUsers']],
      at: ['createUsers'],
      test: (d) => d.createUsers !== true || d.type === 'MANAGED_AD',
      message: (d) =>
        `only a MANAGED_AD directory lets the product create accounts (Directory Service Data); a ${d.type} directory's accounts are created by an admin`,
    }),
    v.transform(
      ({
        id,
        type,
        alias,
        default: isDefault,
        passwordSetup,
        identitySource,
        region,
        country,
        createUsers,
      }) => ({
        id,
        type,
        ...(alias !== undefined ? { alias } : {}),
        default: isDefault,
        passwordSetup:
          passwordSetup ??
          (type === 'AD_CONNECTOR' || type === IDENTITY_CENTER ? 'company-password' : 'hosted'),
        ...(identitySource !== undefined ? { identitySource } : {}),
        ...(region !== undefined ? { region } : {}),
        ...(country !== undefined ? { country } : {}),
        ...(createUsers ? { createUsers } : {}),
      }),
    ),
  );

  const directories = v.pipe(
    list(directory, 1),
    // One directory is the default when it is the only one.
    v.transform((items) => items.map((d) => ({ ...d, default: d.default ?? items.length === 1 }))),
    crossCheck({
      test: (items) => items.filter((d) => d.default).length === 1,
      message: (items) =>
        `exactly one directory must have "default": true, found ${items.filter((d) => d.default).length}`,
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (dataset.issues) return;
      const seen = new Set<string>();
      dataset.value.forEach((d, index) => {
        if (seen.has(d.id)) {
          addIssue({
            message: `duplicate directory ${d.id}`,
            path: [
              { type: 'array', origin: 'value', input: dataset.value, key: index, value: d },
              { type: 'object', origin: 'value', input: d, key: 'id', value: d.id },
            ],
          });
        }
        seen.add(d.id);
      });
    }),
  );

  const directoryRule = v.pipe(
    knownObject({
      directoryId,
      department: v.optional(text(100)),
      jobTitle: v.optional(text(100)),
      country: v.optional(country),
      locale: v.optional(locale),
    }),
    crossCheck({
      fields: [['department'], ['jobTitle'], ['country'], ['locale']],
      test: (r) =>
        r.department !== undefined ||
        r.jobTitle !== undefined ||
        r.country !== undefined ||
        r.locale !== undefined,
      message: 'needs a department, jobTitle, country or locale (the default directory takes everyone else)',
    }),
    v.transform(({ directoryId, department, jobTitle, country, locale }) => ({
      directoryId,
      ...(department !== undefined ? { department } : {}),
      ...(jobTitle !== undefined ? { jobTitle } : {}),
      ...(country !== undefined ? { country } : {}),
      ...(locale !== undefined ? { locale } : {}),
    })),
  );

  const bundleChoice = { bundleId, protocol: oneOf(PROTOCOLS) };

  const bundleRule = v.pipe(
    knownObject({
      ...bundleChoice,
      department: v.optional(text(100)),
      jobTitle: v.optional(text(100)),
    }),
    crossCheck({
      fields: [['department'], ['jobTitle']],
      test: (r) => r.department !== undefined || r.jobTitle !== undefined,
      message: 'needs a department or a jobTitle (use bundles.default for everyone else)',
    }),
    v.transform(({ bundleId, protocol, department, jobTitle }) => ({
      bundleId,
      protocol,
      ...(department !== undefined ? { department } : {}),
      ...(jobTitle !== undefined ? { jobTitle } : {}),
    })),
  );

  const bundles = knownObject({
    default: v.pipe(
      knownObject(bundleChoice),
      v.transform(({ bundleId, protocol }) => ({ bundleId, protocol })),
    ),
    rules: v.nullish(list(bundleRule, 0), []),
  });

  const provisioning = v.pipe(
    knownObject({
      leadDays: v.nullish(wholeNumber(0, 365), 7),
      unknownUserRetryMinutes: v.optional(
        v.never(
          'replaced by directoryAccountGraceMinutes: a hire whose directory account is missing now waits until its start date has passed (docs/admin-guide.md, "Waiting for the directory account")',
        ),
      ),
      directoryAccountGraceMinutes: v.nullish(wholeNumber(0, DIRECTORY_WAIT_MAX_DAYS * 1440), 120),
      timeoutMinutes: v.nullish(wholeNumber(1, 1440), 60),
      firstPollAfterMinutes: v.nullish(wholeNumber(1, 1440), 10),
      pollEveryMinutes: v.nullish(wholeNumber(1, 1440), 2),
      apiBudget: v.nullish(
        knownObject({
          ratePerSecond: v.nullish(numberBetween(0.01, 100), 2),
          burst: v.nullish(wholeNumber(1, 1000), 5),
        }),
        {},
      ),
    }),
    // A timeout at or before the first poll would fail every hire whose WorkSpace is still PENDING then.
    crossCheck({
      fields: [['timeoutMinutes'], ['firstPollAfterMinutes']],
      at: ['timeoutMinutes'],
      test: (p) => p.timeoutMinutes > p.firstPollAfterMinutes,
      message: (p) =>
        `must be more than firstPollAfterMinutes (${p.firstPollAfterMinutes}); WorkSpaces take tens of minutes to provision`,
    }),
    v.transform(({ unknownUserRetryMinutes: _, apiBudget, ...rest }) => ({
      ...rest,
      apiBudget: { ratePerSecond: apiBudget.ratePerSecond, burst: apiBudget.burst },
    })),
  );

  const emailSection = v.pipe(
    knownObject({
      from: sender,
      replyTo: v.optional(email),
      adminAddresses: list(email, 1),
      subjectPrefix: v.optional(localized(60)),
    }),
    v.transform(({ from, replyTo, adminAddresses, subjectPrefix }) => ({
      from,
      adminAddresses,
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(subjectPrefix !== undefined ? { subjectPrefix } : {}),
    })),
  );

  const reminders = knownObject({
    afterDays: v.nullish(
      v.pipe(
        list(wholeNumber(1, 365), 1),
        crossCheck({
          test: (days) => days.every((day, i) => i === 0 || day > days[i - 1]!),
          message: 'must be in increasing order',
        }),
      ),
      [1, 3, 7],
    ),
    businessHours: v.nullish(
      v.pipe(
        knownObject({
          start: v.nullish(clock, '09:00'),
          end: v.nullish(clock, '18:00'),
          weekdays: v.nullish(list(wholeNumber(1, 7), 1), [1, 2, 3, 4, 5]),
        }),
        crossCheck({
          fields: [['start'], ['end']],
          test: (h) => h.start < h.end,
          message: 'start must be before end',
        }),
      ),
      {},
    ),
  });

  /** An AWS Region name such as ap-northeast-1 or us-gov-west-1. */
  const region = v.pipe(
    text(32),
    v.check(
      (r) => /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/.test(r),
      'must be an AWS Region such as ap-northeast-1',
    ),
  );

  /** The network team: who hears about changed firewall ranges (the allowlist watch), and what they cover. */
  const network = knownObject({
    globalAccelerator: v.nullish(v.boolean('must be true or false'), false),
    regions: v.optional(list(region, 1)),
    contacts: v.nullish(list(knownObject({ email, locale: v.optional(locale) }), 0), []),
  });

  const mappingPath = v.pipe(
    text(200),
    v.check(
      (path) => /^[^.\s][^\s]*$/.test(path),
      'must be a field path such as work.title or custom.ad.userName',
    ),
  );

  const hrSource = v.pipe(
    knownObject({
      name: v.pipe(
        text(32),
        v.check(
          (name) => /^[a-z0-9][a-z0-9-]*$/.test(name),
          'must be lower-case letters, digits and "-" (it is the URL path /webhooks/{name})',
        ),
        v.check((name) => name !== 'hr', '"hr" is the Standard Webhooks route /webhooks/hr (hrSource)'),
      ),
      preset: oneOf(HR_PRESETS),
      apiUrl: v.optional(
        v.pipe(
          text(500),
          v.check((url) => /^https?:\/\/[^\s]+$/.test(url), 'must be an http(s) URL'),
        ),
      ),
      mapping: v.nullish(
        knownObject(Object.fromEntries(MAPPED_FIELDS.map((field) => [field, v.optional(mappingPath)]))),
        {},
      ),
    }),
    v.transform(({ name, preset, apiUrl, mapping }) => ({
      name,
      preset,
      ...(apiUrl !== undefined ? { apiUrl } : {}),
      mapping: Object.fromEntries(Object.entries(mapping).filter(([, path]) => path !== undefined)) as Record<
        string,
        string
      >,
    })),
  );

  const sources = v.pipe(
    list(hrSource, 0),
    v.rawCheck(({ dataset, addIssue }) => {
      if (dataset.issues) return;
      const seen = new Set<string>();
      dataset.value.forEach((source, index) => {
        if (seen.has(source.name)) {
          addIssue({
            message: `duplicate source ${source.name}`,
            path: [
              { type: 'array', origin: 'value', input: dataset.value, key: index, value: source },
              { type: 'object', origin: 'value', input: source, key: 'name', value: source.name },
            ],
          });
        }
        seen.add(source.name);
      });
    }),
  );

  const configSchema = v.pipe(
    knownObject({
      company,
      hrSource: v.nullish(
        v.pipe(
          text(32),
          v.check((source) => /^[A-Za-z0-9_-]+$/.test(source), 'must be letters, digits, "_" or "-"'),
        ),
        'hr',
      ),
      sources: v.nullish(sources, []),
      directories,
      directoryRules: v.nullish(list(directoryRule, 0), []),
      bundles,
      runningMode: v.nullish(oneOf(RUNNING_MODES), 'AUTO_STOP'),
      provisioning: v.nullish(provisioning, {}),
      email: emailSection,
      defaults: v.nullish(
        knownObject({ locale: v.nullish(locale, 'en'), timeZone: v.nullish(timeZone, 'UTC') }),
        {},
      ),
      locales: v.nullish(list(locale, 1), ['en', 'ja']),
      reminders: v.nullish(reminders, {}),
      readinessCheck: v.nullish(
        knownObject({
          enabled: v.nullish(v.boolean('must be true or false'), true),
          businessDaysBefore: v.nullish(wholeNumber(1, 10), 2),
          copyAdmins: v.nullish(v.boolean('must be true or false'), false),
        }),
        {},
      ),
      setupTokenTtlHours: v.nullish(wholeNumber(1, 720), 168),
      setupLinkDeadline: v.nullish(clock, '17:00'),
      calendar: v.nullish(calendarSection, {}),
      protectedUserNames: v.nullish(list(text(64), 0), []),
      onCancel: v.nullish(
        knownObject({ terminateUnusedWorkspace: v.nullish(v.boolean('must be true or false'), false) }),
        {},
      ),
      network: v.nullish(network, {}),
      notifications: v.nullish(notificationsSection, {}),
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (dataset.issues) return;
      const known = new Set(dataset.value.directories.map((d) => d.id));
      dataset.value.directoryRules.forEach((rule, index) => {
        if (known.has(rule.directoryId)) return;
        addIssue({
          message: `unknown directory: configured are ${[...known].join(', ')}`,
          path: [
            {
              type: 'object',
              origin: 'value',
              input: dataset.value,
              key: 'directoryRules',
              value: dataset.value.directoryRules,
            },
            { type: 'array', origin: 'value', input: dataset.value.directoryRules, key: index, value: rule },
            { type: 'object', origin: 'value', input: rule, key: 'directoryId', value: rule.directoryId },
          ],
        });
      });
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (dataset.issues) return;
      // Hire ids begin with the source's name, "-" written "_" (src/kernel/hire/hire.ts): no two may read the same.
      const { hrSource, sources } = dataset.value;
      sources.forEach((source, index) => {
        if (sourceKey(source.name) !== sourceKey(hrSource)) return;
        addIssue({
          message: `the hire ids of source ${source.name} would be those of hrSource ${hrSource}`,
          path: [
            { type: 'object', origin: 'value', input: dataset.value, key: 'sources', value: sources },
            { type: 'array', origin: 'value', input: sources, key: index, value: source },
            { type: 'object', origin: 'value', input: source, key: 'name', value: source.name },
          ],
        });
      });
      const c = dataset.value;
      const problems = [
        ...localizedProblems(c.company.name, ['company', 'name'], 'name', c.locales),
        ...(c.email.subjectPrefix === undefined
          ? []
          : localizedProblems(c.email.subjectPrefix, ['email', 'subjectPrefix'], 'prefix', c.locales)),
        ...supportContactProblems(c.company.supportContacts, new Set(c.directories.map((d) => d.id))),
        ...c.calendar.closures.flatMap((closure, index) =>
          localizedProblems(closure.label, ['calendar', 'closures', index, 'label'], 'label', c.locales),
        ),
      ];
      for (const { at, message } of problems) addIssue({ message, path: pathTo(c, at) });
    }),
    crossCheck({
      fields: [['locales'], ['defaults']],
      at: ['defaults', 'locale'],
      test: (c) => localeSupported(c.defaults.locale, c.locales),
      message: (c) => `must be one of config.locales (${c.locales.join(', ')})`,
    }),
  );
  return configSchema;
}

let schema: ReturnType<typeof buildConfigSchema> | undefined;

/** The configuration's valibot schema, built once on first use (the JSON Schema for editors is made from it). */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  schema ??= buildConfigSchema();
  return schema;
}

/**
 * `where` names the place of a problem's field in the text the configuration was read from
 * (`config/onboarding.json:12:5`), written before the problem.
 */
export function parseConfig(
  raw: unknown,
  where?: (path: readonly (string | number)[]) => string,
): OnboardingConfig {
  const result = v.safeParse(configSchema(), withoutComments(raw));
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const problem = `${issuePath(issue, 'config')}: ${issue.message}`;
        if (!where) return problem;
        return `${where((issue.path ?? []).map((item) => item.key as string | number))}: ${problem}`;
      }),
    );
  }
  const { company, email, reminders, onCancel, defaults, network, readinessCheck, calendar, ...rest } =
    result.output;
  // A single text is every language's.
  const perLanguage = (value: string | Record<string, string>) => everyLanguage(value, rest.locales);
  return {
    ...rest,
    company: {
      name: perLanguage(company.name),
      supportContact: company.supportContact,
      supportContacts: company.supportContacts,
    },
    email: {
      from: email.from,
      adminAddresses: email.adminAddresses,
      ...(email.replyTo !== undefined ? { replyTo: email.replyTo } : {}),
      ...(email.subjectPrefix !== undefined ? { subjectPrefix: perLanguage(email.subjectPrefix) } : {}),
    },
    defaults: { locale: defaults.locale, timeZone: defaults.timeZone },
    reminders: { afterDays: reminders.afterDays, businessHours: reminders.businessHours },
    onCancel: { terminateUnusedWorkspace: onCancel.terminateUnusedWorkspace },
    network: {
      globalAccelerator: network.globalAccelerator,
      ...(network.regions ? { regions: network.regions } : {}),
      contacts: network.contacts.map((c) => ({ email: c.email, ...(c.locale ? { locale: c.locale } : {}) })),
    },
    calendar: {
      ...(calendar.country ? { country: calendar.country } : {}),
      closures: calendar.closures.map(({ label, ...closure }) => ({ ...closure, label: perLanguage(label) })),
    },
    readinessCheck: {
      enabled: readinessCheck.enabled,
      businessDaysBefore: readinessCheck.businessDaysBefore,
      copyAdmins: readinessCheck.copyAdmins,
    },
  };
}

/** Each country and each directory has at most one support contact, and every directory is configured. */
function supportContactProblems(
  rules: readonly { country?: string; directoryId?: string }[],
  directories: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const at = ['company', 'supportContacts', index];
    const key = rule.country ? `country ${rule.country}` : `directory ${rule.directoryId}`;
    if (rule.directoryId && !directories.has(rule.directoryId)) {
      problems.push({
        at: [...at, 'directoryId'],
        message: `unknown directory: configured are ${[...directories].join(', ')}`,
      });
    }
    if (seen.has(key)) problems.push({ at, message: `a second support contact for ${key}` });
    seen.add(key);
  });
  return problems;
}

/** `$comment` and other `$` keys document the file; they are dropped before validation, at any depth. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, item]) => [key, withoutComments(item)]),
  );
}

function localeSupported(locale: string, supported: readonly string[]): boolean {
  const wanted = supported.map((s) => s.toLowerCase());
  return wanted.includes(locale.toLowerCase()) || wanted.includes(locale.split('-')[0]!.toLowerCase());
}
