/**
 * The firewall rules a network team must open so WorkSpaces clients in their offices can connect, per the
 * WorkSpaces Personal "IP address and port requirements" page (docs/admin-guide.md "Firewall allowlist" cites it):
 *
 * - TCP and UDP 443 (a proxy is fine for HTTPS) to five subsets of ip-ranges.json: AMAZON in GLOBAL, in the
 *   WorkSpace's Region, in us-east-1 and in us-west-2, and S3 in us-west-2. A missing one blocks
 *   registration and sign-in; an extra one only widens what is allowed;
 * - TCP and UDP 4172 (PCoIP) or 4195 (Amazon DCV, the API's WSP), directly (no proxy), to the
 *   WORKSPACES_GATEWAYS ranges of the Region, IPv4 (`prefixes`) and IPv6 (`ipv6_prefixes`); for DCV also to
 *   the DCV gateway ranges the page tables per Region (port-page.json);
 * - the Region's health check servers (an IPv4 and an IPv6 host name) on the streaming port, the DCV
 *   gateway domain, and a few domains on 443;
 * - with Global Accelerator for Amazon DCV WorkSpaces: TCP and UDP 4195 to the GLOBALACCELERATOR ranges of
 *   ip-ranges.json (region GLOBAL: the addresses allocated to accelerators).
 *
 * China's Regions follow the China page instead: 443 to the Region's AMAZON ranges only, streaming to the
 * Region's gateways. What a page did not show is listed in `gaps`, never filled in.
 */
import { UnknownWorkspacesRegionError } from '../kernel/errors';
import { STREAMING_PORT } from '../kernel/hire/streaming-ports';
import { compareCidrs, familyOf, type IpRanges } from './ip-ranges';
import { CHINA_PORT_PAGE, isChinaRegion, PORT_PAGE, type PortPage, portPageRegion } from './port-page';

export type Transport = 'TCP' | 'UDP';
/** The API's protocol values; WSP is Amazon DCV. */
export type StreamingProtocol = 'PCOIP' | 'WSP';
export const STREAMING_PROTOCOLS: readonly StreamingProtocol[] = ['PCOIP', 'WSP'];
export type IpFamily = 4 | 6;

export interface FirewallRule {
  destination: string;
  protocol: Transport;
  port: number;
  purpose: string;
  family: IpFamily;
}

/** A destination named by host: the firewall resolves it (or the network team looks its addresses up). */
export interface DomainRule {
  domain: string;
  protocol: Transport;
  port: number;
  purpose: string;
}

/**
 * What the page showed nothing for in this Region: its health check servers, its DCV gateway ranges or its
 * DCV gateway domain. The allowlist says so (and points to the page) rather than guessing.
 */
export type AllowlistGap = 'health-check' | 'dcv-gateways' | 'dcv-domain';

export interface Allowlist {
  region: string;
  syncToken: string;
  createDate: string;
  protocols: StreamingProtocol[];
  globalAccelerator: boolean;
  /** The page the rules follow, and when the product's copy of its tables was read. */
  page: { url: string; read?: string };
  rules: FirewallRule[];
  domains: DomainRule[];
  gaps: AllowlistGap[];
}

export interface AllowlistOptions {
  /** The directory id or alias, for its sign-in domain. */
  directory?: string;
  /** Which streaming protocols the WorkSpaces use; both by default. */
  protocols?: readonly StreamingProtocol[];
  /** Global Accelerator is on for Amazon DCV WorkSpaces (its ranges are needed then). */
  globalAccelerator?: boolean;
  /** The page's tables; the product's copy (port-page.json) by default. */
  portPage?: PortPage;
}

/** The API's values, and DCV for Amazon DCV (the API calls it WSP), any case; undefined for anything else. */
export function parseStreamingProtocol(value: string): StreamingProtocol | undefined {
  const upper = value.trim().toUpperCase();
  if (upper === 'PCOIP') return 'PCOIP';
  if (upper === 'WSP' || upper === 'DCV') return 'WSP';
  return undefined;
}

export const PROTOCOL_NAME: Readonly<Record<StreamingProtocol, string>> = {
  PCOIP: 'PCoIP',
  WSP: 'Amazon DCV',
};

const BOTH: readonly Transport[] = ['TCP', 'UDP'];

/** The ip-ranges.json subsets port 443 must reach, as [service, region], each once. */
export function httpsSubsets(region: string): [string, string][] {
  const subsets: [string, string][] = isChinaRegion(region)
    ? [['AMAZON', region]]
    : [
        ['AMAZON', 'GLOBAL'],
        ['AMAZON', region],
        ['AMAZON', 'us-east-1'],
        ['AMAZON', 'us-west-2'],
        ['S3', 'us-west-2'],
      ];
  return subsets.filter(([s, r], i) => subsets.findIndex(([s2, r2]) => s2 === s && r2 === r) === i);
}

export function allowlistFor(ipRanges: IpRanges, region: string, opts: AllowlistOptions = {}): Allowlist {
  const gateways = ipRanges.ranges.filter((r) => r.service === 'WORKSPACES_GATEWAYS' && r.region === region);
  if (!gateways.length) {
    const known = [
      ...new Set(ipRanges.ranges.filter((r) => r.service === 'WORKSPACES_GATEWAYS').map((r) => r.region)),
    ].sort();
    throw new UnknownWorkspacesRegionError(region, known);
  }
  const portPage = opts.portPage ?? PORT_PAGE;
  const row = portPageRegion(region, portPage);
  const protocols = STREAMING_PROTOCOLS.filter((p) => (opts.protocols ?? STREAMING_PROTOCOLS).includes(p));
  const globalAccelerator = !!opts.globalAccelerator && protocols.includes('WSP');
  const byKey = new Map<string, FirewallRule>();
  const add = (destination: string, protocol: Transport, port: number, purpose: string) => {
    const key = ruleKey({ destination, protocol, port });
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, { destination, protocol, port, purpose, family: familyOf(destination) });
    else if (!existing.purpose.split('; ').includes(purpose)) existing.purpose += `; ${purpose}`;
  };
  for (const protocol of protocols) {
    const port = STREAMING_PORT[protocol];
    const purpose = `${PROTOCOL_NAME[protocol]} streaming and health checks (WORKSPACES_GATEWAYS ${region})`;
    for (const range of gateways) for (const t of BOTH) add(range.cidr, t, port, purpose);
  }
  if (protocols.includes('WSP')) {
    const purpose = `Amazon DCV gateway servers (${region}, the port page)`;
    for (const cidr of row?.dcvGateways ?? [])
      for (const t of BOTH) add(cidr, t, STREAMING_PORT.WSP, purpose);
  }
  for (const [service, from] of httpsSubsets(region)) {
    const https = `HTTPS: registration, sign-in, client updates (${service} ${from})`;
    for (const range of ipRanges.ranges) {
      if (range.service === service && range.region === from)
        for (const t of BOTH) add(range.cidr, t, 443, https);
    }
  }
  if (globalAccelerator) {
    const purpose = 'Amazon DCV streaming through Global Accelerator (GLOBALACCELERATOR GLOBAL)';
    for (const range of ipRanges.ranges) {
      if (range.service === 'GLOBALACCELERATOR' && range.region === 'GLOBAL')
        for (const t of BOTH) add(range.cidr, t, STREAMING_PORT.WSP, purpose);
    }
  }
  const gaps: AllowlistGap[] = [];
  if (!row?.healthCheck) gaps.push('health-check');
  if (protocols.includes('WSP') && !row?.dcvGateways) gaps.push('dcv-gateways');
  if (protocols.includes('WSP') && !row?.dcvDomain) gaps.push('dcv-domain');
  return {
    region,
    syncToken: ipRanges.syncToken,
    createDate: ipRanges.createDate,
    protocols: [...protocols],
    globalAccelerator,
    page: isChinaRegion(region) ? { url: CHINA_PORT_PAGE } : { url: portPage.page, read: portPage.read },
    rules: [...byKey.values()].sort(compareRules),
    domains: domainsFor(region, protocols, opts.directory, portPage),
    gaps,
  };
}

export function domainsFor(
  region: string,
  protocols: readonly StreamingProtocol[] = STREAMING_PROTOCOLS,
  directory?: string,
  portPage: PortPage = PORT_PAGE,
): DomainRule[] {
  const https = (domain: string, purpose: string): DomainRule => ({
    domain,
    protocol: 'TCP',
    port: 443,
    purpose,
  });
  const rules = [
    https('clients.amazonworkspaces.com', 'client downloads'),
    https('d2td7dqidlhjx7.cloudfront.net', 'client updates'),
    https('s3.amazonaws.com', 'client updates and logs'),
    https('connectivity.amazonworkspaces.com', 'connectivity check'),
    https(
      `${directory ?? '<directory id>'}.awsapps.com`,
      directory ? 'directory sign-in' : 'directory sign-in (your directory id or alias)',
    ),
  ];
  const row = portPageRegion(region, portPage);
  const both = (domain: string, port: number, purpose: string) => {
    for (const protocol of BOTH) rules.push({ domain, protocol, port, purpose });
  };
  for (const protocol of protocols) {
    const port = STREAMING_PORT[protocol];
    if (row?.healthCheck) {
      both(row.healthCheck.ipv4, port, `${PROTOCOL_NAME[protocol]} health check server (${region}, IPv4)`);
      both(row.healthCheck.ipv6, port, `${PROTOCOL_NAME[protocol]} health check server (${region}, IPv6)`);
    }
  }
  if (protocols.includes('WSP') && row?.dcvDomain) {
    both(row.dcvDomain, STREAMING_PORT.WSP, `Amazon DCV gateway domain (${region})`);
  }
  return rules;
}

export function ruleKey(rule: Pick<FirewallRule, 'destination' | 'protocol' | 'port'>): string {
  return `${rule.protocol} ${rule.port} ${rule.destination}`;
}

/** Streaming ports first (they must not go through a proxy), then 443; addresses in numeric order. */
export function compareRules(a: FirewallRule, b: FirewallRule): number {
  const rank = (r: FirewallRule) => (r.port === 443 ? 1 : 0);
  return (
    rank(a) - rank(b) ||
    a.port - b.port ||
    a.protocol.localeCompare(b.protocol) ||
    compareCidrs(a.destination, b.destination)
  );
}

export interface AllowlistDiff {
  region: string;
  from: { syncToken: string; createDate: string };
  to: { syncToken: string; createDate: string };
  added: FirewallRule[];
  removed: FirewallRule[];
  unchanged: number;
}

/** Rules to open (added) and to close (removed) since an older ip-ranges.json, IPv4 and IPv6. */
export function diffAllowlists(older: Allowlist, newer: Allowlist): AllowlistDiff {
  const oldKeys = new Set(older.rules.map(ruleKey));
  const newKeys = new Set(newer.rules.map(ruleKey));
  return {
    region: newer.region,
    from: { syncToken: older.syncToken, createDate: older.createDate },
    to: { syncToken: newer.syncToken, createDate: newer.createDate },
    added: newer.rules.filter((r) => !oldKeys.has(ruleKey(r))),
    removed: older.rules.filter((r) => !newKeys.has(ruleKey(r))),
    unchanged: newer.rules.filter((r) => oldKeys.has(ruleKey(r))).length,
  };
}
