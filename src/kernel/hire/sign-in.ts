/**
 * How a person signs in to a WorkSpace of a given directory, and with which clients: pure rules over the
 * directory as DescribeWorkspaceDirectories describes it (docs/admin-guide.md "Sign-in follows the directory"). The
 * invitation, the reminders and the reminder planner all ask here, so they never disagree.
 */

/** WorkspaceAccessProperties' device types (API `DeviceType*`), as we name them. */
export const DEVICE_TYPES = [
  'windows',
  'macos',
  'linux',
  'ios',
  'android',
  'chromeos',
  'web',
  'zeroClient',
  'thinClient',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** The directory's sign-in facts (our names for the API's; no SDK types here). */
export interface DirectorySignInFacts {
  /** `DirectoryType`: SIMPLE_AD, AD_CONNECTOR, CUSTOMER_MANAGED, AWS_IAM_IDENTITY_CENTER. */
  directoryType?: string;
  /** `UserIdentityType`: CUSTOMER_MANAGED, AWS_DIRECTORY_SERVICE, AWS_IAM_IDENTITY_CENTER. */
  userIdentityType?: string;
  /** `SamlProperties`. */
  saml?: { status: string; userAccessUrl?: string; relayStateParameterName?: string };
  /** `CertificateBasedAuthProperties`. */
  certificateBasedAuth?: { status: string };
  /** `WorkspaceAccessProperties`: true for ALLOW, false for DENY; absent when the API did not say. */
  deviceAccess?: Partial<Record<DeviceType, boolean>>;
}

/**
 * - `directory-password`: a password of the directory that the person sets on our hosted page;
 * - `company-password`: the password they already have (AD Connector, or configured so);
 * - `saml`: the company's identity provider at `userAccessUrl` (SAML 2.0); with `fallback`, clients that
 *   cannot use it sign in with the directory password instead; with `certificate`, Windows asks for no
 *   password after the identity provider (certificate-based authentication);
 * - `identity-center`: the person's IAM Identity Center user; its password is where the configuration's
 *   `identitySource` says (below).
 */
export type SignInMode = 'directory-password' | 'company-password' | 'saml' | 'identity-center';
export type DirectoryPassword = 'hosted' | 'company-password';

/**
 * Where an IAM Identity Center user's password lives, as the configuration says (`identitySource`):
 * - `identity-center`: the Identity Center directory. AWS emails "Invitation to join AWS IAM Identity
 *   Center" only when an admin adds the user with the email option; otherwise the admin shares a
 *   one-time password. So the texts offer both and promise no email.
 * - `external`: an external identity provider (Microsoft Entra ID, Okta, ...) named `name`: people sign in
 *   with that account's password and AWS sends them no invitation.
 */
export type IdentitySource = { kind: 'identity-center' } | { kind: 'external'; name: string };

export interface SignIn {
  mode: SignInMode;
  /** `saml`: the identity provider's page (SamlProperties.UserAccessUrl), when the directory has one. */
  userAccessUrl?: string;
  /** `saml` with ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK: the directory password clients without SAML take. */
  fallback?: DirectoryPassword;
  /** `saml` with certificate-based authentication ENABLED. */
  certificate?: boolean;
  /** `identity-center`: where the password lives, when the configuration says; absent, texts cover both. */
  identitySource?: IdentitySource;
}

const IDENTITY_CENTER = 'AWS_IAM_IDENTITY_CENTER';

/**
 * The sign-in mode of a directory. `configured` is how the configuration says a directory password is set
 * (hosted page or the company's own), used when the person types a directory password; `identitySource`
 * is where an IAM Identity Center user's password lives, when the configuration says.
 */
export function signInFor(
  facts: DirectorySignInFacts,
  configured?: DirectoryPassword,
  identitySource?: IdentitySource,
): SignIn {
  const directoryPassword: DirectoryPassword =
    facts.directoryType === 'AD_CONNECTOR' ? 'company-password' : (configured ?? 'hosted');
  if (facts.directoryType === IDENTITY_CENTER || facts.userIdentityType === IDENTITY_CENTER) {
    return { mode: 'identity-center', ...(identitySource ? { identitySource } : {}) };
  }
  const status = facts.saml?.status;
  if (status === 'ENABLED' || status === 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK') {
    const url = facts.saml?.userAccessUrl;
    return {
      mode: 'saml',
      ...(url ? { userAccessUrl: url } : {}),
      ...(status === 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK' ? { fallback: directoryPassword } : {}),
      // Certificate-based authentication works on top of SAML 2.0 only.
      ...(facts.certificateBasedAuth?.status === 'ENABLED' ? { certificate: true } : {}),
    };
  }
  return { mode: directoryPassword === 'hosted' ? 'directory-password' : 'company-password' };
}

/** The hosted password page is the step to take: the directory password is how this person signs in. */
export function needsPasswordSetup(signIn: SignIn): boolean {
  return signIn.mode === 'directory-password';
}

/** The invitation carries a setup link: the password is needed, or is the fallback for some clients. */
export function offersPasswordSetup(signIn: SignIn): boolean {
  return needsPasswordSetup(signIn) || (signIn.mode === 'saml' && signIn.fallback === 'hosted');
}

/** The client downloads an invitation lists, in this order. */
export const CLIENT_PLATFORMS = ['windows', 'macos', 'linux', 'ios', 'android', 'chromeos', 'web'] as const;
export type ClientPlatform = (typeof CLIENT_PLATFORMS)[number];

/**
 * The clients this person can use: the device types the directory allows. A device type the API left out
 * counts as allowed, except web access, which is off until an administrator turns it on. The browser only
 * for Amazon DCV (WSP) WorkSpaces: Web Access for PCoIP is closed to new customers (docs/admin-guide.md).
 */
export function clientPlatforms(
  deviceAccess: DirectorySignInFacts['deviceAccess'],
  protocol: string,
): ClientPlatform[] {
  const allowed = (device: DeviceType) => deviceAccess?.[device] ?? device !== 'web';
  return CLIENT_PLATFORMS.filter((platform) =>
    platform === 'web' ? allowed('web') && protocol.toUpperCase() === 'WSP' : allowed(platform),
  );
}
