import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { hrRecordOf } from '../../src/intake/hire-input';
import {
  ConfigError,
  chooseBundle,
  chooseDirectory,
  clearConfigCache,
  defaultDirectory,
  directoryRegion,
  loadConfig,
  parseConfig,
  pcoipWarnings,
} from '../../src/kernel/config/load';
import { configProblems } from '../support/config';
import { testClock } from '../support/fakes';
import { captureLines } from '../support/lambda';

// The tests break configuration documents into invalid shapes on purpose.
type Doc = any;

const SAMPLE_PATH = new URL('../../config/onboarding.json', import.meta.url);
const sample = (): Record<string, unknown> => JSON.parse(readFileSync(SAMPLE_PATH, 'utf8'));

const minimal = () => ({
  company: { name: 'Example Corp', supportContact: { email: 'it@example.com' } },
  directories: [{ id: 'd-0123456789', type: 'SIMPLE_AD' }],
  bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' } },
  email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
});

const problems = configProblems;

describe('parseConfig', () => {
  it('accepts the sample configuration of the local cloud', () => {
    const config = parseConfig(sample());
    expect(config.company.name).toEqual({ en: 'Example Corp', ja: '株式会社エグザンプル' });
    expect(config.directories.map((d) => d.region)).toEqual([
      'ap-northeast-1',
      'ap-northeast-1',
      'ap-northeast-1',
      'us-west-2',
    ]);
    expect(defaultDirectory(config).id).toBe('d-95671a2b3c');
    expect(config.directories[1]).toMatchObject({ type: 'AD_CONNECTOR', passwordSetup: 'company-password' });
    expect(config.defaults).toEqual({ locale: 'ja', timeZone: 'Asia/Tokyo' });
  });

  it('fills in every default for a minimal configuration', () => {
    expect(parseConfig(minimal())).toEqual({
      company: {
        name: { en: 'Example Corp', ja: 'Example Corp' },
        supportContact: { email: 'it@example.com' },
        supportContacts: [],
      },
      hrSource: 'hr',
      directories: [{ id: 'd-0123456789', type: 'SIMPLE_AD', default: true, passwordSetup: 'hosted' }],
      directoryRules: [],
      bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' }, rules: [] },
      runningMode: 'AUTO_STOP',
      provisioning: {
        leadDays: 7,
        directoryAccountGraceMinutes: 120,
        timeoutMinutes: 60,
        firstPollAfterMinutes: 10,
        pollEveryMinutes: 2,
        apiBudget: { ratePerSecond: 2, burst: 5 },
      },
      email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
      defaults: { locale: 'en', timeZone: 'UTC' },
      locales: ['en', 'ja'],
      reminders: {
        afterDays: [1, 3, 7],
        businessHours: { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] },
      },
      setupTokenTtlHours: 168,
      setupLinkDeadline: '17:00',
      calendar: { closures: [] },
      readinessCheck: { enabled: true, businessDaysBefore: 2, copyAdmins: false },
      protectedUserNames: [],
      onCancel: { terminateUnusedWorkspace: false },
      network: { globalAccelerator: false, contacts: [] },
      notifications: {},
      sources: [],
    });
  });

  it('reads the network section: Global Accelerator, Regions, contacts with their language', () => {
    const config = parseConfig({
      ...minimal(),
      network: {
        globalAccelerator: true,
        regions: ['ap-northeast-1', 'us-gov-west-1'],
        contacts: [{ email: 'net@example.com', locale: 'ja-jp' }, { email: 'ops@example.com' }],
      },
    });
    expect(config.network).toEqual({
      globalAccelerator: true,
      regions: ['ap-northeast-1', 'us-gov-west-1'],
      contacts: [{ email: 'net@example.com', locale: 'ja-JP' }, { email: 'ops@example.com' }],
    });
    expect(
      problems({
        ...minimal(),
        network: { globalAccelerator: 'yes', regions: ['Tokyo'], contacts: [{ email: 'nope' }], team: 1 },
      }),
    ).toEqual([
      'config.network.globalAccelerator: must be true or false',
      'config.network.regions[0]: must be an AWS Region such as ap-northeast-1',
      'config.network.contacts[0].email: must be an email address like it@example.com',
      'config.network.team: unknown field',
    ]);
  });

  it('reads the protected user names and what a cancel does to an unused WorkSpace', () => {
    const config = parseConfig({
      ...minimal(),
      protectedUserNames: ['svc-backup', 'ShareDesk'],
      onCancel: { $comment: 'on', terminateUnusedWorkspace: true },
    });
    expect(config.protectedUserNames).toEqual(['svc-backup', 'ShareDesk']);
    expect(config.onCancel).toEqual({ terminateUnusedWorkspace: true });
    expect(parseConfig(sample()).protectedUserNames).toContain('svc-adconnector');
    expect(
      problems({
        ...minimal(),
        protectedUserNames: ['ok', '', 7],
        onCancel: { terminateUnusedWorkspace: 'yes', x: 1 },
      }),
    ).toEqual(
      expect.arrayContaining([
        'config.protectedUserNames[1]: must be a non-empty string',
        'config.protectedUserNames[2]: must be a non-empty string',
        expect.stringMatching(/^config\.onCancel\.terminateUnusedWorkspace: /),
        'config.onCancel.x: unknown field',
      ]),
    );
  });

  it('gives AD Connector directories the company password by default', () => {
    const raw = minimal();
    raw.directories = [{ id: 'd-0123456789', type: 'AD_CONNECTOR' }];
    expect(parseConfig(raw).directories[0]!.passwordSetup).toBe('company-password');
  });

  it('names every bad field at once', () => {
    const raw = sample() as Doc;
    raw.directories[1].type = 'AZURE_AD';
    raw.directories[0].id = 'd-XYZ';
    raw.bundles.default.protocol = 'RDP';
    raw.email.adminAddresses = [];
    raw.provisioning.leadDays = -1;
    raw.reminders.businessHours.start = '9am';
    raw.locales = ['en', 'not a locale!'];
    raw.runningMode = 'MANUAL';
    raw.colour = 'blue';
    const found = problems(raw);
    expect(found).toEqual(
      expect.arrayContaining([
        'config.directories[1].type: must be one of SIMPLE_AD, MANAGED_AD, AD_CONNECTOR, AWS_IAM_IDENTITY_CENTER',
        'config.directories[0].id: must be "d-" followed by 10 hex digits, or "wsd-" followed by 8 to 63 lower-case letters and digits',
        'config.bundles.default.protocol: must be one of PCOIP, WSP',
        'config.email.adminAddresses: must have at least 1 item',
        'config.provisioning.leadDays: must be a whole number from 0 to 365',
        'config.reminders.businessHours.start: must be a time HH:MM (24-hour)',
        'config.locales[1]: must be a BCP 47 language tag such as ja or en-US',
        'config.runningMode: must be one of AUTO_STOP, ALWAYS_ON',
        'config.colour: unknown field',
      ]),
    );
    expect(found).toHaveLength(9);
  });

  it('puts every problem in the error message', () => {
    const raw = minimal() as Doc;
    raw.company.supportContact.email = 'nope';
    raw.setupTokenTtlHours = 0;
    expect(() => parseConfig(raw)).toThrow(
      /config\.company\.supportContact\.email: .*\n.*config\.setupTokenTtlHours/s,
    );
  });

  it('reports missing required sections', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        'config.company: is required',
        'config.directories: is required',
        'config.bundles: is required',
        'config.email: is required',
      ]),
    );
    expect(problems(null)).toContain('config: must be an object');
  });

  it('requires exactly one default directory', () => {
    const raw = minimal() as Doc;
    raw.directories = [
      { id: 'd-0123456789', type: 'SIMPLE_AD' },
      { id: 'd-0123456780', type: 'MANAGED_AD' },
    ];
    expect(problems(raw)).toEqual([
      'config.directories: exactly one directory must have "default": true, found 0',
    ]);
    raw.directories[0].default = true;
    raw.directories[1].default = true;
    expect(problems(raw)).toEqual([
      'config.directories: exactly one directory must have "default": true, found 2',
    ]);
    raw.directories[1].default = false;
    expect(defaultDirectory(parseConfig(raw)).id).toBe('d-0123456789');
  });

  it('rejects duplicate directory ids', () => {
    const raw = minimal() as Doc;
    raw.directories = [
      { id: 'd-0123456789', type: 'SIMPLE_AD', default: true },
      { id: 'd-0123456789', type: 'MANAGED_AD' },
    ];
    expect(problems(raw)).toEqual(['config.directories[1].id: duplicate directory d-0123456789']);
  });

  it('refuses a provisioning timeout that would fail before the first poll', () => {
    const raw = { ...minimal(), provisioning: { timeoutMinutes: 10, firstPollAfterMinutes: 10 } };
    expect(problems(raw)).toEqual([
      'config.provisioning.timeoutMinutes: must be more than firstPollAfterMinutes (10); WorkSpaces take tens of minutes to provision',
    ]);
    expect(
      parseConfig({ ...raw, provisioning: { timeoutMinutes: 11, firstPollAfterMinutes: 10 } }),
    ).toBeTruthy();
  });

  it('names the replacement of unknownUserRetryMinutes, whose meaning changed', () => {
    const raw = { ...minimal(), provisioning: { unknownUserRetryMinutes: 120 } };
    expect(problems(raw)).toEqual([
      expect.stringMatching(
        /^config\.provisioning\.unknownUserRetryMinutes: replaced by directoryAccountGraceMinutes: .*waits until its start date/,
      ),
    ]);
    expect(
      parseConfig({ ...raw, provisioning: { directoryAccountGraceMinutes: 0 } }).provisioning
        .directoryAccountGraceMinutes,
    ).toBe(0);
    expect(problems({ ...raw, provisioning: { directoryAccountGraceMinutes: 20_000 } })).toEqual([
      'config.provisioning.directoryAccountGraceMinutes: must be a whole number from 0 to 12960',
    ]);
  });

  it('refuses a hosted password page for AD Connector', () => {
    const raw = minimal() as Doc;
    raw.directories[0] = { id: 'd-0123456789', type: 'AD_CONNECTOR', passwordSetup: 'hosted' };
    expect(problems(raw)).toEqual([
      'config.directories[0].passwordSetup: AD_CONNECTOR users keep their company password: use company-password',
    ]);
  });

  it('requires the default locale to be a supported one', () => {
    const raw = { ...minimal(), defaults: { locale: 'fr' }, locales: ['en', 'ja'] };
    expect(problems(raw)).toEqual(['config.defaults.locale: must be one of config.locales (en, ja)']);
  });

  it('checks the default time zone, reminder order and business hours', () => {
    const raw = {
      ...minimal(),
      defaults: { timeZone: 'Moon/Base' },
      reminders: { afterDays: [3, 1], businessHours: { start: '18:00', end: '09:00', weekdays: [0, 8] } },
    };
    expect(problems(raw).sort()).toEqual(
      [
        'config.defaults.timeZone: must be an IANA time zone such as Asia/Tokyo or UTC',
        'config.reminders.afterDays: must be in increasing order',
        'config.reminders.businessHours: start must be before end',
        'config.reminders.businessHours.weekdays[0]: must be a whole number from 1 to 7',
        'config.reminders.businessHours.weekdays[1]: must be a whole number from 1 to 7',
      ].sort(),
    );
  });

  it('accepts a sender with a display name', () => {
    const raw = minimal() as Doc;
    raw.email.from = 'Example IT <it@example.com>';
    expect(parseConfig(raw).email.from).toBe('Example IT <it@example.com>');
    raw.email.from = 'Example IT <not-an-address>';
    expect(problems(raw)).toEqual([
      'config.email.from: must be an email address, optionally as "Name <address>"',
    ]);
  });

  it('ignores $comment keys anywhere', () => {
    const raw = minimal() as Doc;
    raw.$comment = 'top';
    raw.company.$comment = 'nested';
    expect(() => parseConfig(raw)).not.toThrow();
  });

  it('rejects bundle rules that match nobody in particular', () => {
    const raw = minimal() as Doc;
    raw.bundles.rules = [{ bundleId: 'wsb-abcdef124', protocol: 'PCOIP' }];
    expect(problems(raw)).toEqual([
      'config.bundles.rules[0]: needs a department or a jobTitle (use bundles.default for everyone else)',
    ]);
  });
});

describe('chooseBundle', () => {
  // Own rules, so the sample file can change without breaking these cases.
  const config = parseConfig({
    ...sample(),
    bundles: {
      default: { bundleId: 'wsb-0standard1', protocol: 'WSP' },
      rules: [
        { department: 'Engineering', bundleId: 'wsb-0power0001', protocol: 'WSP' },
        { department: 'Design', jobTitle: 'Video Editor', bundleId: 'wsb-0graphics01', protocol: 'PCOIP' },
      ],
    },
  });

  it('uses the first rule whose department matches, case-insensitively', () => {
    expect(chooseBundle(config, { department: 'engineering' })).toEqual({
      bundleId: 'wsb-0power0001',
      protocol: 'WSP',
    });
  });

  it('requires every criterion of a rule to match', () => {
    expect(chooseBundle(config, { department: 'Design', jobTitle: 'Video Editor' })).toEqual({
      bundleId: 'wsb-0graphics01',
      protocol: 'PCOIP',
    });
    expect(chooseBundle(config, { department: 'Design', jobTitle: 'Illustrator' })).toEqual(
      config.bundles.default,
    );
  });

  it('falls back to the default bundle', () => {
    expect(chooseBundle(config, {})).toEqual({ bundleId: 'wsb-0standard1', protocol: 'WSP' });
    expect(chooseBundle(config, { department: 'Sales', jobTitle: 'Account Executive' })).toEqual(
      config.bundles.default,
    );
  });
});

describe('directories by rule and Region', () => {
  const TOKYO = 'd-0123456789';
  const OREGON = 'd-0abcdef012';
  const FRANKFURT = 'd-0fedcba987';
  const config = parseConfig({
    ...minimal(),
    directories: [
      { id: TOKYO, type: 'SIMPLE_AD', default: true },
      { id: OREGON, type: 'SIMPLE_AD', region: 'us-west-2' },
      { id: FRANKFURT, type: 'AD_CONNECTOR', region: 'eu-central-1' },
    ],
    directoryRules: [
      { country: 'us', directoryId: OREGON },
      { department: 'Engineering', locale: 'de', directoryId: FRANKFURT },
      { jobTitle: 'Auditor', country: 'DE', directoryId: FRANKFURT },
    ],
  });

  it('stores country codes upper case and keeps rules in order', () => {
    expect(config.directoryRules[0]).toEqual({ country: 'US', directoryId: OREGON });
  });

  it('routes by country, case-insensitively', () => {
    expect(chooseDirectory(config, { country: 'US' }).id).toBe(OREGON);
  });

  it('matches a language rule for every region of that language, and needs every criterion', () => {
    expect(chooseDirectory(config, { department: 'engineering', locale: 'de-AT' }).id).toBe(FRANKFURT);
    expect(chooseDirectory(config, { department: 'engineering', locale: 'de' }).id).toBe(FRANKFURT);
    expect(chooseDirectory(config, { department: 'Engineering', locale: 'en-US' }).id).toBe(TOKYO);
    expect(chooseDirectory(config, { jobTitle: 'Auditor', country: 'JP' }).id).toBe(TOKYO);
  });

  it('takes the first matching rule, else the default directory', () => {
    expect(chooseDirectory(config, { country: 'US', department: 'Engineering', locale: 'de' }).id).toBe(
      OREGON,
    );
    expect(chooseDirectory(config, {}).id).toBe(TOKYO);
  });

  it("lets the hire's own directoryId win over the rules, and routes on the hire with defaults applied", () => {
    const hire = {
      employeeId: 'E-1',
      givenName: 'A',
      familyName: 'B',
      email: 'a@example.com',
      userName: 'ab',
      startDate: '2027-04-01',
      country: 'US',
    };
    expect(hrRecordOf(config, hire).directoryId).toBe(OREGON);
    expect(hrRecordOf(config, { ...hire, directoryId: TOKYO }).directoryId).toBe(TOKYO);
    const byDefaultLocale = { ...config, defaults: { locale: 'de', timeZone: 'UTC' } };
    expect(
      hrRecordOf(byDefaultLocale, { ...hire, country: 'DE', department: 'Engineering' }).directoryId,
    ).toBe(FRANKFURT);
  });

  it("puts a directory without a Region in the deployment's Region", () => {
    expect(directoryRegion(config, TOKYO, 'ap-northeast-1')).toBe('ap-northeast-1');
    expect(directoryRegion(config, OREGON, 'ap-northeast-1')).toBe('us-west-2');
    expect(directoryRegion(config, FRANKFURT, 'ap-northeast-1')).toBe('eu-central-1');
  });

  it('refuses a rule naming an unknown directory, a rule without criteria, a bad country or Region', () => {
    const raw = minimal() as Doc;
    raw.directories[0].region = 'tokyo';
    raw.directoryRules = [
      { country: 'JP', directoryId: 'd-0000000000' },
      { directoryId: 'd-0123456789' },
      { country: 'ZZ', directoryId: 'd-0123456789' },
    ];
    expect(problems(raw)).toEqual([
      'config.directories[0].region: must be an AWS Region name such as ap-northeast-1 or us-west-2',
      'config.directoryRules[1]: needs a department, jobTitle, country or locale (the default directory takes everyone else)',
      'config.directoryRules[2].country: must be an ISO 3166-1 alpha-2 country code such as JP or US',
    ]);
    raw.directories[0].region = 'us-west-2';
    raw.directoryRules = [{ country: 'JP', directoryId: 'd-0000000000' }];
    expect(problems(raw)).toEqual([
      'config.directoryRules[0].directoryId: unknown directory: configured are d-0123456789',
    ]);
  });
});

describe('loadConfig', () => {
  beforeEach(() => clearConfigCache());

  it('reads inline JSON from ONBOARDING_CONFIG', () => {
    const config = loadConfig({ ONBOARDING_CONFIG: JSON.stringify(minimal()) });
    expect(config.company.name.en).toBe('Example Corp');
  });

  it('reads the file named by ONBOARDING_CONFIG_FILE and caches it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onboarding-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(minimal()));
    const first = loadConfig({ ONBOARDING_CONFIG_FILE: file });
    writeFileSync(file, '{ broken');
    expect(loadConfig({ ONBOARDING_CONFIG_FILE: file })).toBe(first);
  });

  it('prefers inline JSON over a file', () => {
    const raw = { ...minimal(), hrSource: 'inline' };
    expect(
      loadConfig({ ONBOARDING_CONFIG: JSON.stringify(raw), ONBOARDING_CONFIG_FILE: '/nope.json' }).hrSource,
    ).toBe('inline');
  });

  it('loads the sample file shipped in config/', () => {
    expect(loadConfig({ ONBOARDING_CONFIG_FILE: SAMPLE_PATH.pathname }).locales).toEqual(['en', 'ja']);
  });

  it('fails fast with a clear message', () => {
    expect(() => loadConfig({})).toThrow(/ONBOARDING_CONFIG/);
    expect(() => loadConfig({ ONBOARDING_CONFIG: '{ not json' })).toThrow(
      /ONBOARDING_CONFIG:1:3: not valid JSON: unexpected 'n' where a field name in double quotes should be/,
    );
    expect(() => loadConfig({ ONBOARDING_CONFIG_FILE: '/does/not/exist.json' })).toThrow(
      /cannot read the file/,
    );
    expect(() => loadConfig({ ONBOARDING_CONFIG: '{}' })).toThrow(ConfigError);
  });
});

describe('a configuration file names the line and column of each problem', () => {
  beforeEach(() => clearConfigCache());
  /** The sample configuration as people write it (two-space indent), with `edit` applied to its text. */
  const problemsOf = (edit: (text: string) => string): string[] => {
    const file = join(mkdtempSync(join(tmpdir(), 'onboarding-config-')), 'x.json');
    writeFileSync(file, edit(JSON.stringify(minimal(), null, 2)));
    try {
      loadConfig({ ONBOARDING_CONFIG_FILE: file });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.map((p) => p.replace(file, 'config/x.json'));
    }
    throw new Error('expected loadConfig to refuse the file');
  };

  it('a JSON syntax error: where the text breaks, in one line', () => {
    // A comma missing after "SIMPLE_AD": the next line's "}" is where the object goes wrong.
    expect(
      problemsOf((text) => text.replace('"type": "SIMPLE_AD"', '"type": "SIMPLE_AD" "zone": 1')),
    ).toEqual([`config/x.json:11:27: not valid JSON: unexpected '"' where ',' or '}' should follow a field`]);
    expect(problemsOf((text) => text.replace(/\n}$/, ',\n}'))).toEqual([
      `config/x.json:26:1: not valid JSON: unexpected '}' where a field name in double quotes should be`,
    ]);
    expect(problemsOf((text) => text.slice(0, 40))).toEqual([
      'config/x.json:3:13: not valid JSON: a string that never ends',
    ]);
  });

  it('an unknown key: where it is, and the known key it was most likely meant to be', () => {
    const text = (t: string) => t.replace('"email": {', '"remindrs": { "afterDays": 2 },\n  "emial": {');
    expect(problemsOf(text)).toEqual([
      // A field missing from the top level: the file's first line.
      'config/x.json:1:1: config.email: is required',
      'config/x.json:20:3: config.remindrs: unknown field; did you mean "reminders"?',
      'config/x.json:21:3: config.emial: unknown field; did you mean "email"?',
    ]);
  });

  it('suggests nothing for a key unlike every known one', () => {
    expect(problemsOf((t) => t.replace('"company": {', '"colour": 1,\n  "company": {'))).toEqual([
      'config/x.json:2:3: config.colour: unknown field',
    ]);
  });

  it('a missing field: where the object that lacks it is', () => {
    expect(problemsOf((t) => t.replace(/"from": "it@example.com",\s*/, ''))).toEqual([
      'config/x.json:20:3: config.email.from: is required',
    ]);
  });
});

describe('PCoIP end of support (AWS: no new PCoIP customers from 2026-07-31, support ends 2027-10-31)', () => {
  beforeEach(() => clearConfigCache());
  const pcoip = () => {
    const raw: Doc = minimal();
    raw.bundles = {
      default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' },
      rules: [{ department: 'Design', bundleId: 'wsb-pcoip0001', protocol: 'PCOIP' }],
    };
    return JSON.stringify(raw);
  };
  const at = (iso: string) => testClock(iso);

  it('loads a PCoIP configuration before the end with one warning line naming the field and both dates', async () => {
    // Powertools writes warnings to stderr.
    const { result, stderr } = await captureLines(async () =>
      loadConfig({ ONBOARDING_CONFIG: pcoip() }, at('2027-10-30T23:59:59Z')),
    );
    expect(result.bundles.rules[0]!.protocol).toBe('PCOIP');
    const warnings = stderr.filter((l) => l.level === 'WARN');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      message: 'the configuration gives hires PCoIP bundles',
      pcoipNewCustomersEnd: '2026-07-31',
      pcoipEndOfSupport: '2027-10-31',
    });
    expect(warnings[0]!.problems).toEqual([
      expect.stringMatching(/^config\.bundles\.rules\[0\]\.protocol: PCOIP \(bundle wsb-pcoip0001\)/),
    ]);
    expect(warnings[0]!.problems[0]).toContain('2026-07-31');
    expect(warnings[0]!.problems[0]).toContain('2027-10-31');
    // Once per load (a cold start), not on every call that finds it cached.
    const again = await captureLines(async () =>
      loadConfig({ ONBOARDING_CONFIG: pcoip() }, at('2027-10-30T23:59:59Z')),
    );
    expect(again.stderr.filter((l) => l.level === 'WARN')).toEqual([]);
  });

  it('refuses it from 2027-10-31 on the product clock, naming the field and both dates', () => {
    const refused = () => loadConfig({ ONBOARDING_CONFIG: pcoip() }, at('2027-10-31T00:00:00Z'));
    expect(refused).toThrow(ConfigError);
    try {
      refused();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'config.bundles.rules[0].protocol: PCOIP (bundle wsb-pcoip0001) is refused: AWS ended support for PCoIP-based WorkSpaces Personal on 2027-10-31 (no new PCoIP customers since 2026-07-31); choose an Amazon DCV bundle (protocol WSP)',
      ]);
    }
    // A container that loaded it the day before refuses it too once the clock passes the date.
    clearConfigCache();
    loadConfig({ ONBOARDING_CONFIG: pcoip() }, at('2027-10-30T12:00:00Z'));
    expect(() => loadConfig({ ONBOARDING_CONFIG: pcoip() }, at('2027-11-02T00:00:00Z'))).toThrow(
      /config\.bundles\.rules\[0\]\.protocol: PCOIP/,
    );
  });

  it('names every PCoIP bundle, the default too; an Amazon DCV configuration loads quietly after the date', async () => {
    const raw: Doc = minimal();
    raw.bundles.default.protocol = 'PCOIP';
    raw.bundles.rules = [{ department: 'Design', bundleId: 'wsb-pcoip0001', protocol: 'PCOIP' }];
    expect(pcoipWarnings(parseConfig(raw), at('2027-01-01T00:00:00Z'))).toEqual([
      expect.stringMatching(
        /^config\.bundles\.default\.protocol: PCOIP \(bundle wsb-abcdef123\): AWS accepts/,
      ),
      expect.stringMatching(/^config\.bundles\.rules\[0\]\.protocol: PCOIP/),
    ]);
    const { result, stderr } = await captureLines(async () =>
      loadConfig({ ONBOARDING_CONFIG: JSON.stringify(minimal()) }, at('2028-01-01T00:00:00Z')),
    );
    expect(result.bundles.default.protocol).toBe('WSP');
    expect(stderr.filter((l) => l.level === 'WARN')).toEqual([]);
  });

  it('the sample configuration gives every hire Amazon DCV', () => {
    const config = loadConfig({ ONBOARDING_CONFIG_FILE: SAMPLE_PATH.pathname }, at('2028-01-01T00:00:00Z'));
    expect(pcoipWarnings(config, at('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(config.bundles.default).toEqual({ bundleId: 'wsb-6cq2x9m4t', protocol: 'WSP' });
  });
});

describe('an IAM Identity Center directory says where its users sign in (identitySource)', () => {
  const withDirectory = (directory: Doc) => {
    const raw: Doc = minimal();
    raw.directories = [{ ...raw.directories[0], default: true }, directory];
    return raw;
  };
  const IDC = { id: 'wsd-entra0001', type: 'AWS_IAM_IDENTITY_CENTER' };

  it('"identity-center" or { "external": "<IdP name>" }; no password page for its users', () => {
    const external = parseConfig(
      withDirectory({ ...IDC, identitySource: { external: ' Microsoft Entra ID ' } }),
    );
    expect(external.directories[1]).toEqual({
      id: 'wsd-entra0001',
      type: 'AWS_IAM_IDENTITY_CENTER',
      default: false,
      passwordSetup: 'company-password',
      identitySource: { kind: 'external', name: 'Microsoft Entra ID' },
    });
    const own = parseConfig(withDirectory({ ...IDC, identitySource: 'identity-center' }));
    expect(own.directories[1]!.identitySource).toEqual({ kind: 'identity-center' });
  });

  it('refuses a missing, misplaced or malformed identity source with the field named', () => {
    const forms =
      '"identity-center" (users in the IAM Identity Center directory) or { "external": "<identity provider name>" } such as { "external": "Okta" }';
    expect(problems(withDirectory(IDC))).toEqual([
      `config.directories[1].identitySource: is required for an AWS_IAM_IDENTITY_CENTER directory: ${forms}`,
    ]);
    expect(problems(withDirectory({ ...IDC, identitySource: { external: 'Okta', url: 'x' } }))).toEqual([
      'config.directories[1].identitySource.url: unknown field',
    ]);
    for (const bad of ['okta', { external: '' }, { name: 'Okta' }, 42]) {
      expect(problems(withDirectory({ ...IDC, identitySource: bad })), JSON.stringify(bad)).toEqual([
        `config.directories[1].identitySource: must be ${forms}`,
      ]);
    }
    expect(
      problems(withDirectory({ id: 'd-0123456780', type: 'SIMPLE_AD', identitySource: 'identity-center' })),
    ).toEqual([
      'config.directories[1].identitySource: only an AWS_IAM_IDENTITY_CENTER directory has an identity source; a SIMPLE_AD directory signs its users in itself',
    ]);
    expect(
      problems(withDirectory({ ...IDC, identitySource: 'identity-center', passwordSetup: 'hosted' })),
    ).toEqual([
      'config.directories[1].passwordSetup: IAM Identity Center users have no directory password for the setup page: use company-password',
    ]);
    expect(problems(withDirectory({ ...IDC, id: 'wsd-AB', identitySource: 'identity-center' }))).toEqual([
      'config.directories[1].id: must be "d-" followed by 10 hex digits, or "wsd-" followed by 8 to 63 lower-case letters and digits',
    ]);
  });
});
