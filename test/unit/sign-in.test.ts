import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/kernel/config/load';
import {
  clientPlatforms,
  type DirectorySignInFacts,
  needsPasswordSetup,
  offersPasswordSetup,
  signInFor,
} from '../../src/kernel/hire/sign-in';
import { planNextStep } from '../../src/tracking/reminders';
import { hireSignIn, reminderPasswordSetup } from '../../src/tracking/schedule';

/** The sign-in mode rules (src/kernel/hire/sign-in.ts): one place that the invitation and reminders follow. */
const IDP = 'https://idp.example.co.jp/sso';
const simpleAd: DirectorySignInFacts = {
  directoryType: 'SIMPLE_AD',
  userIdentityType: 'AWS_DIRECTORY_SERVICE',
};
const adConnector: DirectorySignInFacts = { directoryType: 'AD_CONNECTOR' };

describe('signInFor', () => {
  it('a directory password: hosted page for Simple AD, the company password for AD Connector', () => {
    expect(signInFor(simpleAd)).toEqual({ mode: 'directory-password' });
    expect(signInFor({ ...simpleAd, saml: { status: 'DISABLED' } })).toEqual({ mode: 'directory-password' });
    expect(signInFor(simpleAd, 'company-password')).toEqual({ mode: 'company-password' });
    expect(signInFor(adConnector)).toEqual({ mode: 'company-password' });
    // AD Connector has no password of ours to set, whatever the configuration says.
    expect(signInFor(adConnector, 'hosted')).toEqual({ mode: 'company-password' });
  });

  it('SAML 2.0 ENABLED: the identity provider, no directory password', () => {
    const signIn = signInFor({ ...simpleAd, saml: { status: 'ENABLED', userAccessUrl: IDP } });
    expect(signIn).toEqual({ mode: 'saml', userAccessUrl: IDP });
    expect(needsPasswordSetup(signIn)).toBe(false);
    expect(offersPasswordSetup(signIn)).toBe(false);
  });

  it('ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK: both ways; the hosted page only as the fallback', () => {
    const saml = { status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', userAccessUrl: IDP };
    const hosted = signInFor({ ...simpleAd, saml });
    expect(hosted).toEqual({ mode: 'saml', userAccessUrl: IDP, fallback: 'hosted' });
    expect(offersPasswordSetup(hosted)).toBe(true);
    expect(needsPasswordSetup(hosted)).toBe(false);
    const company = signInFor({ ...adConnector, saml });
    expect(company).toEqual({ mode: 'saml', userAccessUrl: IDP, fallback: 'company-password' });
    expect(offersPasswordSetup(company)).toBe(false);
  });

  it('certificate-based authentication only on top of SAML 2.0', () => {
    const cba = { status: 'ENABLED' };
    expect(
      signInFor({ ...simpleAd, saml: { status: 'ENABLED', userAccessUrl: IDP }, certificateBasedAuth: cba }),
    ).toEqual({ mode: 'saml', userAccessUrl: IDP, certificate: true });
    expect(signInFor({ ...simpleAd, saml: { status: 'DISABLED' }, certificateBasedAuth: cba })).toEqual({
      mode: 'directory-password',
    });
  });

  it('IAM Identity Center, by directory type or user identity type, before anything else', () => {
    expect(signInFor({ directoryType: 'AWS_IAM_IDENTITY_CENTER' })).toEqual({ mode: 'identity-center' });
    const byIdentity = signInFor({
      directoryType: 'CUSTOMER_MANAGED',
      userIdentityType: 'AWS_IAM_IDENTITY_CENTER',
      saml: { status: 'ENABLED', userAccessUrl: IDP },
    });
    expect(byIdentity).toEqual({ mode: 'identity-center' });
    expect(offersPasswordSetup(byIdentity)).toBe(false);
  });
});

describe('IAM Identity Center by identity source', () => {
  const identityCenter: DirectorySignInFacts = {
    directoryType: 'AWS_IAM_IDENTITY_CENTER',
    userIdentityType: 'AWS_IAM_IDENTITY_CENTER',
  };
  const entra = { kind: 'external', name: 'Microsoft Entra ID' } as const;

  it('carries where the password lives; never a password page or password reminder', () => {
    const external = signInFor(identityCenter, 'company-password', entra);
    expect(external).toEqual({ mode: 'identity-center', identitySource: entra });
    expect(offersPasswordSetup(external)).toBe(false);
    expect(reminderPasswordSetup(external)).toBe('company-password');
    expect(signInFor(identityCenter, undefined, { kind: 'identity-center' })).toEqual({
      mode: 'identity-center',
      identitySource: { kind: 'identity-center' },
    });
    // Unsaid: the texts cover both sources.
    expect(signInFor(identityCenter)).toEqual({ mode: 'identity-center' });
    // A directory that is not IAM Identity Center has no identity source to carry.
    expect(signInFor(simpleAd, 'hosted', entra)).toEqual({ mode: 'directory-password' });
  });

  it("the configured directory's identity source reaches the hire's sign-in, also when WorkSpaces says no type", () => {
    const config = parseConfig({
      company: { name: 'Example Corp', supportContact: { email: 'it@example.com' } },
      directories: [
        { id: 'd-0123456789', type: 'SIMPLE_AD', default: true },
        { id: 'wsd-entra0001', type: 'AWS_IAM_IDENTITY_CENTER', identitySource: { external: 'Okta' } },
        { id: 'wsd-idcdir001', type: 'AWS_IAM_IDENTITY_CENTER', identitySource: 'identity-center' },
      ],
      bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' } },
      email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
    });
    expect(hireSignIn(config, 'wsd-entra0001', {})).toEqual({
      mode: 'identity-center',
      identitySource: { kind: 'external', name: 'Okta' },
    });
    expect(hireSignIn(config, 'wsd-idcdir001', identityCenter)).toEqual({
      mode: 'identity-center',
      identitySource: { kind: 'identity-center' },
    });
    expect(hireSignIn(config, 'd-0123456789', {})).toEqual({ mode: 'directory-password' });
  });
});

describe('reminders follow the mode', () => {
  const base = {
    invitedAt: new Date('2027-03-25T01:00:00Z'),
    remindersSent: 0,
    timeZone: 'Asia/Tokyo',
    schedule: {
      afterDays: [1, 3],
      businessHours: { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      calendar: { weekdays: [1, 2, 3, 4, 5], country: undefined, closures: [] },
    },
    now: new Date('2027-03-26T02:00:00Z'),
    stage: 'INVITED' as const,
  };
  const kindFor = (facts: DirectorySignInFacts) => {
    const plan = planNextStep({ ...base, passwordSetup: reminderPasswordSetup(signInFor(facts)) });
    return plan.action === 'remind' ? plan.kind : plan.action;
  };

  it('"set your password" only where setting one is the step to take', () => {
    expect(kindFor(simpleAd)).toBe('reminder-password');
    expect(kindFor(adConnector)).toBe('reminder-connect');
    expect(kindFor({ ...simpleAd, saml: { status: 'ENABLED', userAccessUrl: IDP } })).toBe(
      'reminder-connect',
    );
    expect(
      kindFor({ ...simpleAd, saml: { status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', userAccessUrl: IDP } }),
    ).toBe('reminder-connect');
    expect(kindFor({ directoryType: 'AWS_IAM_IDENTITY_CENTER' })).toBe('reminder-connect');
  });
});

describe('clientPlatforms', () => {
  it('every native client and no browser when the directory says nothing', () => {
    expect(clientPlatforms(undefined, 'PCOIP')).toEqual([
      'windows',
      'macos',
      'linux',
      'ios',
      'android',
      'chromeos',
    ]);
    expect(clientPlatforms({}, 'WSP')).toEqual(['windows', 'macos', 'linux', 'ios', 'android', 'chromeos']);
  });

  it('only the allowed device types', () => {
    const access = { windows: true, macos: false, linux: false, ios: true, android: false, chromeos: true };
    expect(clientPlatforms(access, 'PCOIP')).toEqual(['windows', 'ios', 'chromeos']);
  });

  it('the browser only where web access is allowed and the WorkSpace streams with Amazon DCV', () => {
    expect(clientPlatforms({ web: true }, 'WSP')).toContain('web');
    expect(clientPlatforms({ web: true }, 'wsp')).toContain('web');
    expect(clientPlatforms({ web: true }, 'PCOIP')).not.toContain('web');
    expect(clientPlatforms({ web: false }, 'WSP')).not.toContain('web');
  });
});
