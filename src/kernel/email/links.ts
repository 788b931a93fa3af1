/** Addresses the emails point to, in one place so they are easy to update. */
import { personName } from '../hire/person-name';
import type { ClientPlatform } from '../hire/sign-in';

export const CLIENTS_URL = 'https://clients.amazonworkspaces.com/';
export const HEALTH_CHECK_URL = 'https://clients.amazonworkspaces.com/Health.html';
export const IP_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';

/** Per-platform entry points of the client download site (Chromebooks run the Android client). */
export const CLIENT_DOWNLOADS: readonly { platform: ClientPlatform; url: string }[] = [
  { platform: 'windows', url: 'https://clients.amazonworkspaces.com/#windows' },
  { platform: 'macos', url: 'https://clients.amazonworkspaces.com/#macos' },
  { platform: 'linux', url: 'https://clients.amazonworkspaces.com/linux-install.html' },
  { platform: 'ios', url: 'https://clients.amazonworkspaces.com/#ios' },
  { platform: 'android', url: 'https://clients.amazonworkspaces.com/#android' },
  { platform: 'chromeos', url: 'https://clients.amazonworkspaces.com/#android' },
  { platform: 'web', url: 'https://clients.amazonworkspaces.com/webclient' },
];

export { STREAMING_PORT } from '../hire/streaming-ports';

/**
 * The product's public allowlist page of a Region (GET /network/{region}), for one protocol, in the language
 * of the email that links it.
 */
export function networkPageUrl(
  publicBaseUrl: string,
  region: string,
  protocol: 'PCOIP' | 'WSP',
  locale: string,
): string {
  const lang = locale.split(/[-_]/)[0]!.toLowerCase();
  // The page takes DCV for WSP: hires and their network teams know the protocol as Amazon DCV.
  const query = new URLSearchParams({ protocol: protocol === 'WSP' ? 'DCV' : protocol, lang });
  return `${publicBaseUrl.replace(/\/$/, '')}/network/${encodeURIComponent(region)}?${query}`;
}

// The characters the WorkSpaces client requires percent-encoded in a login link, plus those that would end
// or corrupt the URL (space, %, #, non-ASCII). `+` stays: registration codes such as wsnrt+ABC123 contain it.
function encodeLinkPart(value: string): string {
  return encodeURIComponent(value).replace(/%2B/g, '+');
}

/** `workspaces://<user>@<registration code>`: opens the installed client with both filled in. */
export function workspacesLoginLink(userName: string, registrationCode: string): string {
  return `workspaces://${encodeLinkPart(userName)}@${encodeLinkPart(registrationCode)}`;
}

/**
 * The name as the recipient's language writes it (personName), with 様 in Japanese: 山田 花子 様,
 * Hanako Yamada.
 */
export function displayName(person: { givenName: string; familyName: string }, locale: string): string {
  const name = personName(person, locale);
  return locale.split(/[-_]/)[0]!.toLowerCase() === 'ja' ? `${name} 様` : name;
}
