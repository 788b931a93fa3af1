import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeWorkspaceDirectoriesCommand,
  ModifySamlPropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';
import { postForm, SIMPLE_AD, trackingHelpers } from '../support/tracking';

/**
 * An administrator switches the default directory to SAML 2.0 with the AWS SDK (as `aws workspaces
 * modify-saml-properties --endpoint-url ...` does) while the product runs: the next hire's invitation
 * carries the identity provider's link and no password-setup link, and nobody is reminded to set a
 * password any more. An IAM Identity Center directory whose users come from an external identity provider
 * (the configuration's `identitySource`) invites people to sign in with that provider's account and
 * password, with no password page and no promise of an AWS email.
 */
const IDP = 'https://idp.example.co.jp/app/amazon-workspaces/sso';
const ENTRA_DIRECTORY = 'wsd-entra0001';
const DAY_MS = 86_400_000;
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
let ws: WorkSpacesClient;

const person = (key: string) => ({
  employeeId: `E-SI-${key}`,
  userName: `si${key}`,
  email: `si.${key}@example.co.jp`,
  locale: 'en-US',
  timeZone: 'Asia/Tokyo',
});

/** The sample configuration and an IAM Identity Center directory fed by Microsoft Entra ID. */
function configWithEntraDirectory(): string {
  const config = JSON.parse(readFileSync(join(import.meta.dirname, '../../config/onboarding.json'), 'utf8'));
  config.directories.push({
    id: ENTRA_DIRECTORY,
    type: 'AWS_IAM_IDENTITY_CENTER',
    alias: 'example-entra',
    default: false,
    identitySource: { external: 'Microsoft Entra ID' },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'sign-in-mode-')), 'onboarding.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

beforeAll(async () => {
  // No API budget here: the scheduled runs the clock moves share it, and a throttled lookup would (by design)
  // show the mode stored at invitation. The page under throttling is password-setup.test.ts's subject.
  cloud = await startTestCloud({
    provisioningDelayMs: 30_000,
    configFile: configWithEntraDirectory(),
    workspacesBudget: null,
  });
  t = trackingHelpers(cloud);
  ws = new WorkSpacesClient({
    endpoint: cloud.urls.workspaces,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  ws?.destroy();
  t?.destroy();
  await cloud?.stop();
});

const invitationTo = async (key: string) => {
  const emails = await t.emailsTo(person(key).email);
  return emails[0]!;
};

describe('the sign-in mode follows the directory', () => {
  it('a switch to SAML 2.0 reaches the next invitation and stops password reminders', async () => {
    const [before] = await t.inviteHires([person('before')]);
    const first = await invitationTo('before');
    expect(first.body.text).toContain('/setup/');
    expect(first.body.text).not.toContain(IDP);

    await ws.send(
      new ModifySamlPropertiesCommand({
        ResourceId: SIMPLE_AD,
        SamlProperties: { Status: 'ENABLED', UserAccessUrl: IDP, RelayStateParameterName: 'RelayState' },
      }),
    );
    await ws.send(
      new ModifyWorkspaceAccessPropertiesCommand({
        ResourceId: SIMPLE_AD,
        WorkspaceAccessProperties: { DeviceTypeAndroid: 'DENY', DeviceTypeLinux: 'DENY' },
      }),
    );
    // The product reuses a directory lookup for a minute (src/provisioning/adapters/workspaces.ts DIRECTORY_CACHE_MS).
    await cloud.advance('61s');

    // The link the first hire got no longer leads to a password form: it says how to sign in now.
    const [oldLink] = await t.setupLinks(person('before').email);
    const page = await fetch(oldLink!);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('No password to set');
    expect(html).toContain(`href="${IDP}"`);
    expect(html).not.toContain('name="password"');
    const posted = await postForm(oldLink!, { password: 'Welcome#2026', confirm: 'Welcome#2026' });
    expect(posted.status).toBe(410);
    expect(await t.passwordResets(person('before').userName)).toBe(0);

    const [after] = await t.inviteHires([person('after')]);
    expect(await t.stage(after!)).toBe('INVITED');
    const invitation = await invitationTo('after');
    expect(invitation.body.text).toContain(IDP);
    expect(invitation.body.html).toContain(`href="${IDP}"`);
    expect(invitation.body.text).not.toContain('/setup/');
    expect(invitation.subject).not.toMatch(/password/i);
    expect(invitation.body.text).toContain("Sign in through your company's sign-in page");
    // Only the device types the directory allows: no Android or Linux client links.
    expect(invitation.body.html).toContain('https://clients.amazonworkspaces.com/#windows');
    expect(invitation.body.text).not.toContain('Android (Google Play)');
    expect(invitation.body.text).toContain('Chromebook (Google Play)');
    expect(invitation.body.html).not.toContain('linux-install.html');
    // No password link is left to work: the hire has no setup token.
    expect((await t.rawHire(after!))?.setupTokenHash).toBeUndefined();

    // A day later the reminders run: both hires are asked to connect, neither to set a password.
    const end = (await t.now()).getTime() + 2 * DAY_MS;
    while ((await t.now()).getTime() < end) {
      await cloud.advance('1h');
      await cloud.runSchedule('reminders');
    }
    for (const key of ['before', 'after']) {
      const reminders = (await t.emailsTo(person(key).email)).slice(1);
      expect(reminders.length, `${key}: a reminder`).toBeGreaterThanOrEqual(1);
      for (const reminder of reminders) {
        expect(reminder.subject).toContain('we have not seen you sign in');
        expect(reminder.body.text).not.toContain('/setup/');
        expect(reminder.body.text).toContain(IDP);
      }
    }
    expect(await t.stage(before!)).toBe('INVITED');
  });
});

describe('IAM Identity Center with an external identity provider', () => {
  it('the invitation says to sign in with the Microsoft Entra ID account and password, and promises no AWS email', async () => {
    const described = await ws.send(
      new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [ENTRA_DIRECTORY] }),
    );
    expect(described.Directories?.[0]).toMatchObject({
      DirectoryType: 'AWS_IAM_IDENTITY_CENTER',
      UserIdentityType: 'AWS_IAM_IDENTITY_CENTER',
    });

    const en = { ...person('entra-en'), directoryId: ENTRA_DIRECTORY };
    const ja = { ...person('entra-ja'), locale: 'ja-JP', directoryId: ENTRA_DIRECTORY };
    const [enId, jaId] = await t.inviteHires([en, ja], ENTRA_DIRECTORY);
    expect(await t.stage(enId!)).toBe('INVITED');
    expect(await t.stage(jaId!)).toBe('INVITED');

    const invitation = await invitationTo('entra-en');
    expect(invitation.subject).not.toMatch(/password/i);
    const text = invitation.body.text ?? '';
    expect(text).toContain('Sign in with your Microsoft Entra ID account');
    expect(text).toContain(
      `Sign in with your user name ${en.userName} and the password of your Microsoft Entra ID account`,
    );
    expect(text).toContain('Password: Your Microsoft Entra ID password');
    expect(text).not.toContain('Invitation to join AWS IAM Identity Center');
    expect(text).not.toContain('/setup/');
    expect(invitation.body.html).not.toContain('/setup/');
    // No password page exists for this hire.
    expect((await t.rawHire(enId!))?.setupTokenHash).toBeUndefined();

    const japanese = await invitationTo('entra-ja');
    expect(japanese.body.text).toContain('Microsoft Entra ID アカウントでサインインする');
    expect(japanese.body.text).toContain('Microsoft Entra ID のパスワード');
    expect(japanese.body.text).not.toContain('Invitation to join AWS IAM Identity Center');

    // The reminders say the same: connect with the Entra ID account, never "set your password".
    const end = (await t.now()).getTime() + 2 * DAY_MS;
    while ((await t.now()).getTime() < end) {
      await cloud.advance('1h');
      await cloud.runSchedule('reminders');
    }
    const reminders = (await t.emailsTo(en.email)).slice(1);
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    for (const reminder of reminders) {
      expect(reminder.subject).toContain('we have not seen you sign in');
      expect(reminder.body.text).toContain('Sign in with your Microsoft Entra ID account');
      expect(reminder.body.text).not.toContain('/setup/');
    }
  });
});
