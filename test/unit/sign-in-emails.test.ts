import { describe, expect, it } from 'vitest';
import { renderEmail, renderSetupPage, SUPPORTED_LOCALES } from '../../local/emails';
import { contexts, invitation } from '../fixtures/email/samples';

/**
 * The invitation and the reminders in each sign-in mode, both protocols and the device types the directory
 * allows, in every language: what the person is told to type, where, and with which client.
 */
const IDP = 'https://idp.example.co.jp/app/amazon-workspaces/sso';
const ctxFor = (locale: string) => (locale === 'ja' ? contexts.ja : { ...contexts.en, locale });
const render = async (
  locale: string,
  variant: Parameters<typeof invitation>[0],
  kind = 'invitation' as const,
) => await renderEmail(kind, ctxFor(locale), invitation(variant));

describe('the invitation follows the sign-in mode', () => {
  it('SAML 2.0: the identity provider link, no password step, no setup link', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const { text, html, subject } = await render(locale, 'saml-pcoip');
      expect(text).toContain(IDP);
      expect(html).toContain(`href="${IDP}"`);
      expect(text).not.toContain('/setup/');
      expect(text).not.toMatch(/Set your password|パスワードを設定する/);
      expect(subject).not.toMatch(/password|パスワード/);
    }
    const en = (await render('en', 'saml-pcoip')).text;
    expect(en).toContain("Sign in through your company's sign-in page");
    expect(en).toContain('a client that cannot open the company sign-in page cannot connect');
    expect((await render('ja', 'saml-pcoip')).text).toContain('会社のサインインページでサインインする');
  });

  it('with directory-login fallback: both ways, the hosted page as the fallback only', async () => {
    const { text } = await render('en', 'saml-fallback-wsp');
    expect(text).toContain(IDP);
    expect(text).toContain('/setup/');
    expect(text).toContain(
      "You need this password only on a client that cannot open your company's sign-in page",
    );
    expect(text).toContain(
      'If your client cannot open the company sign-in page, sign in with your user name',
    );
    expect(text).toContain('the password you chose in step 2');
    expect(text).toContain(
      "Password: Your company's sign-in page; on clients without it, the password you choose in step 2",
    );
    const adc = (await render('en', 'saml-fallback-ad-connector-pcoip')).text;
    expect(adc).not.toContain('/setup/');
    expect(adc).toContain('and your company password instead');
    expect(adc).toContain('on clients without it, your usual company password');
    expect((await render('ja', 'saml-fallback-ad-connector-pcoip')).text).toContain(
      '会社のパスワードでサインインしてください',
    );
  });

  it('certificate-based authentication: no Windows password to type', async () => {
    const { text } = await render('en', 'saml-certificate-wsp');
    expect(text).toContain('there is no Windows password to type');
    expect(text).not.toContain('/setup/');
    expect((await render('ja', 'saml-certificate-wsp')).text).toContain(
      'Windows のパスワードを入力する必要はありません',
    );
  });

  it('IAM Identity Center, users in its own directory: its password, and the AWS email only as one way to get it', async () => {
    const { text, preheader, html } = await render('en', 'identity-center-directory-wsp');
    expect(text).toContain('Sign in with your IAM Identity Center account');
    expect(text).toContain('Sign in with your user name hyamada and your AWS IAM Identity Center password.');
    expect(text).toContain('Password: Your IAM Identity Center password');
    // AWS emails the invitation only when the admin chose the email option: no promise, and a way without it.
    expect(text).toContain(
      'If Example Corp added you with the email option, AWS has sent you a separate email, "Invitation to join AWS IAM Identity Center"',
    );
    expect(text).toContain('If no such email has come, ask IT support for a one-time password.');
    expect(text).not.toContain('AWS sends a separate email');
    expect(text).not.toContain('/setup/');
    expect(html).not.toContain('/setup/');
    expect(preheader).toContain('Sign in with your IAM Identity Center account.');
    const ja = (await render('ja', 'identity-center-directory-wsp')).text;
    expect(ja).toContain(
      'ユーザー名 hyamada と AWS IAM Identity Center のパスワードでサインインしてください。',
    );
    expect(ja).toContain('メールで通知する方法であなたを追加した場合は');
    expect(ja).toContain('IT サポートにワンタイムパスワードを依頼してください');
  });

  it('IAM Identity Center with an external identity provider: that account and its password, no AWS email', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const { text, html, subject } = await render(locale, 'identity-center-entra-wsp');
      expect(text).toContain('Microsoft Entra ID');
      expect(text).not.toContain('Invitation to join AWS IAM Identity Center');
      expect(text).not.toContain('IAM Identity Center');
      expect(text).not.toContain('/setup/');
      expect(html).not.toContain('/setup/');
      expect(subject).not.toMatch(/password|パスワード/);
    }
    const en = await render('en', 'identity-center-entra-wsp');
    expect(en.text).toContain('Sign in with your Microsoft Entra ID account');
    expect(en.text).toContain(
      'Sign in with your user name hyamada and the password of your Microsoft Entra ID account, the account you already use at Example Corp.',
    );
    expect(en.text).toContain('no email from AWS to wait for');
    expect(en.text).toContain('Password: Your Microsoft Entra ID password');
    expect(en.preheader).toContain('Sign in with your Microsoft Entra ID account.');
    const ja = await render('ja', 'identity-center-entra-wsp');
    expect(ja.text).toContain('Microsoft Entra ID アカウントでサインインする');
    expect(ja.text).toContain('Microsoft Entra ID のパスワード');
    expect(ja.preheader).toContain('Microsoft Entra ID アカウントでサインインします。');
  });

  it('IAM Identity Center when the configuration does not say where the password lives: true either way', async () => {
    const { text } = await render('en', 'identity-center-wsp');
    expect(text).toContain('password of your single sign-on account (AWS IAM Identity Center)');
    expect(text).toContain(
      "if Example Corp signs you in with a company account such as Microsoft Entra ID or Okta, it is that account's password",
    );
    expect(text).toContain(
      'AWS sends a separate email, "Invitation to join AWS IAM Identity Center", only if Example Corp added you with the email option',
    );
    expect((await render('ja', 'identity-center-wsp')).text).toContain(
      'IAM Identity Center アカウントでサインインする',
    );
  });

  it('the directory password modes stay as they were', async () => {
    expect((await render('en', 'simple-ad-pcoip')).text).toContain('/setup/');
    expect((await render('en', 'simple-ad-pcoip')).subject).toContain('set your password');
    expect((await render('en', 'ad-connector-pcoip')).text).toContain('Use your company password');
  });
});

describe('client links follow the device types and the protocol', () => {
  it('only the allowed clients are offered', async () => {
    const { text, html } = await render('en', 'saml-pcoip');
    expect(text).toContain('Windows');
    expect(text).toContain('iPad');
    expect(text).not.toContain('Android (Google Play)');
    expect(text).not.toContain('Chromebook (Google Play)');
    expect(html).not.toContain('linux-install.html');
    expect(html).not.toContain('webclient');
  });

  it('the browser link for Amazon DCV WorkSpaces whose directory allows web access', async () => {
    expect((await render('en', 'managed-ad-wsp')).html).toContain(
      'https://clients.amazonworkspaces.com/webclient',
    );
    expect((await render('en', 'identity-center-wsp')).html).toContain('webclient');
    // Web access not allowed (absent = denied).
    expect((await render('en', 'ad-connector-wsp')).html).not.toContain('webclient');
  });

  it('no client allowed: whom to ask instead of an empty list', async () => {
    expect((await render('en', 'no-clients-pcoip')).text).toContain(
      'has not enabled a WorkSpaces client for you yet',
    );
    expect((await render('ja', 'no-clients-pcoip')).text).toContain('IT サポートにお問い合わせください');
  });
});

describe('Amazon DCV is the name of the WSP protocol', () => {
  it('in every language; PCoIP stays PCoIP', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const dcv = (await render(locale, 'managed-ad-wsp')).text;
      expect(dcv).toContain('Amazon DCV');
      expect(dcv).not.toContain('WSP');
      expect((await render(locale, 'simple-ad-pcoip')).text).toContain('PCoIP');
    }
  });
});

describe('reminders follow the mode', () => {
  it('a SAML hire is never asked to set a password, even if a password reminder were asked for', async () => {
    for (const variant of [
      'saml-pcoip',
      'saml-fallback-wsp',
      'identity-center-wsp',
      'identity-center-entra-wsp',
    ] as const) {
      const email = await renderEmail(
        'reminder-password',
        ctxFor('en'),
        invitation(variant, { reminderNumber: 1 }),
      );
      expect(email.subject).toContain('we have not seen you sign in');
      expect(email.text).not.toContain('Your password is still missing');
    }
    const saml = await renderEmail(
      'reminder-connect',
      ctxFor('en'),
      invitation('saml-pcoip', { reminderNumber: 1 }),
    );
    expect(saml.text).toContain(IDP);
    expect(saml.text).not.toContain('Thank you for setting your password');
    const entra = await renderEmail(
      'reminder-connect',
      ctxFor('ja'),
      invitation('identity-center-entra-wsp', { reminderNumber: 1 }),
    );
    expect(entra.text).toContain('Microsoft Entra ID アカウントでサインインする');
    expect(entra.text).not.toContain('Invitation to join AWS IAM Identity Center');
  });
});

describe('an old password link of an IAM Identity Center directory', () => {
  it('says which account to sign in with instead', async () => {
    const entra = (
      await renderSetupPage('sign-in-elsewhere', contexts.en, {
        signIn: { mode: 'identity-center', identitySource: { kind: 'external', name: 'Okta' } },
      })
    ).html;
    expect(entra).toContain('You sign in to your WorkSpace with your Okta account');
    expect(entra).not.toContain('name="password"');
    const ja = (
      await renderSetupPage('sign-in-elsewhere', contexts.ja, {
        signIn: { mode: 'identity-center', identitySource: { kind: 'external', name: 'Okta' } },
      })
    ).html;
    expect(ja).toContain('WorkSpace には Okta アカウントでサインインする');
    expect(
      (
        await renderSetupPage('sign-in-elsewhere', contexts.en, {
          signIn: { mode: 'identity-center', identitySource: { kind: 'identity-center' } },
        })
      ).html,
    ).toContain('with your IAM Identity Center account');
  });
});
