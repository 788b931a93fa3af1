/**
 * The WorkSpaces client checks its connection against a health check server in the WorkSpace's Region, on
 * the streaming port (4172 for PCoIP, 4195 for Amazon DCV), TCP and UDP. The "IP address and port
 * requirements" page lists one host name per Region; these are they. A Region missing here is left to the
 * page (the allowlist says so) rather than guessed.
 */
const HEALTH_CHECK_HOSTS: Readonly<Record<string, string>> = {
  'us-east-1': 'drp-iad.amazonworkspaces.com',
  'us-west-2': 'drp-pdx.amazonworkspaces.com',
  'ap-northeast-2': 'drp-icn.amazonworkspaces.com',
  'ap-southeast-1': 'drp-sin.amazonworkspaces.com',
  'ap-southeast-2': 'drp-syd.amazonworkspaces.com',
  'ap-northeast-1': 'drp-nrt.amazonworkspaces.com',
  'ca-central-1': 'drp-yul.amazonworkspaces.com',
  'eu-central-1': 'drp-fra.amazonworkspaces.com',
  'eu-west-1': 'drp-dub.amazonworkspaces.com',
  'eu-west-2': 'drp-lhr.amazonworkspaces.com',
  'sa-east-1': 'drp-gru.amazonworkspaces.com',
  'us-gov-west-1': 'drp-pdt.amazonworkspaces.com',
};

export function healthCheckHost(region: string): string | undefined {
  return HEALTH_CHECK_HOSTS[region];
}
