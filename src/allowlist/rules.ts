/**
 * The firewall rules a network team must open so WorkSpaces clients in their offices can connect
 * (WorkSpaces Administration Guide, port requirements; see reference/aws-facts.md "Network"):
 *
 * - TCP and UDP 4172 (PCoIP) and 4195 (Amazon DCV, API value WSP), directly (no proxy) to the WORKSPACES_GATEWAYS ranges of
 *   the Region;
 * - TCP 443 (a proxy is fine) to the AMAZON ranges of the Region, GLOBAL, us-east-1 and us-west-2, and to
 *   S3 in us-west-2;
 * - TCP 443 to a few domain names.
 *
 * Ranges change over time, so they are always derived from ip-ranges.json, never written down here.
 */
import { UnknownWorkspacesRegionError } from '../domain/errors';
import { compareCidrs, type IpRanges } from './ip-ranges';

export type Protocol = 'TCP' | 'UDP';

export interface FirewallRule {
  destination: string;
  protocol: Protocol;
  port: number;
  purpose: string;
}

export interface DomainRule {
  domain: string;
  protocol: 'TCP';
  port: 443;
  purpose: string;
}

export interface Allowlist {
  region: string;
  syncToken: string;
  createDate: string;
  rules: FirewallRule[];
  domains: DomainRule[];
}

const STREAMING: { port: number; purpose: string }[] = [
  { port: 4172, purpose: 'PCoIP streaming to the WorkSpaces gateways' },
  { port: 4195, purpose: 'Amazon DCV streaming to the WorkSpaces gateways' },
];

/** Where TCP 443 must reach, besides the Region's own AMAZON ranges. */
const HTTPS_SOURCES = (region: string): { service: string; region: string; purpose: string }[] => [
  {
    service: 'AMAZON',
    region,
    purpose: `HTTPS: registration, sign-in and session broker (AMAZON ${region})`,
  },
  { service: 'AMAZON', region: 'GLOBAL', purpose: 'HTTPS: global AWS endpoints (AMAZON GLOBAL)' },
  {
    service: 'AMAZON',
    region: 'us-east-1',
    purpose: 'HTTPS: client services in us-east-1 (AMAZON us-east-1)',
  },
  {
    service: 'AMAZON',
    region: 'us-west-2',
    purpose: 'HTTPS: client services in us-west-2 (AMAZON us-west-2)',
  },
  { service: 'S3', region: 'us-west-2', purpose: 'HTTPS: client updates and logs (S3 us-west-2)' },
];

export function allowlistFor(
  ipRanges: IpRanges,
  region: string,
  opts: { directory?: string } = {},
): Allowlist {
  const gateways = ipRanges.ranges.filter((r) => r.service === 'WORKSPACES_GATEWAYS' && r.region === region);
  if (!gateways.length) {
    const known = [
      ...new Set(ipRanges.ranges.filter((r) => r.service === 'WORKSPACES_GATEWAYS').map((r) => r.region)),
    ].sort();
    throw new UnknownWorkspacesRegionError(region, known);
  }
  const byKey = new Map<string, FirewallRule>();
  const add = (destination: string, protocol: Protocol, port: number, purpose: string) => {
    const key = ruleKey({ destination, protocol, port });
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, { destination, protocol, port, purpose });
    else if (!existing.purpose.split('; ').includes(purpose)) existing.purpose += `; ${purpose}`;
  };
  for (const { port, purpose } of STREAMING) {
    for (const range of gateways) {
      add(range.cidr, 'TCP', port, purpose);
      add(range.cidr, 'UDP', port, purpose);
    }
  }
  for (const source of HTTPS_SOURCES(region)) {
    for (const range of ipRanges.ranges) {
      if (range.service === source.service && range.region === source.region) {
        add(range.cidr, 'TCP', 443, source.purpose);
      }
    }
  }
  return {
    region,
    syncToken: ipRanges.syncToken,
    createDate: ipRanges.createDate,
    rules: [...byKey.values()].sort(compareRules),
    domains: domainsFor(opts.directory),
  };
}

export function domainsFor(directory?: string): DomainRule[] {
  const rule = (domain: string, purpose: string): DomainRule => ({
    domain,
    protocol: 'TCP',
    port: 443,
    purpose,
  });
  return [
    rule('clients.amazonworkspaces.com', 'client downloads'),
    rule('d2td7dqidlhjx7.cloudfront.net', 'client updates'),
    rule('s3.amazonaws.com', 'client updates and logs'),
    rule('connectivity.amazonworkspaces.com', 'connectivity check'),
    rule(
      `${directory ?? '<directory id>'}.awsapps.com`,
      directory ? 'directory sign-in' : 'directory sign-in (your directory id or alias)',
    ),
  ];
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

/** Rules to open (added) and to close (removed) since an older ip-ranges.json. */
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
