/**
 * The firewall rules a network team must open so WorkSpaces clients in their offices can connect, per the
 * WorkSpaces Personal "IP address and port requirements" page (README "Firewall allowlist" cites it):
 *
 * - TCP and UDP 4172 (PCoIP) or 4195 (Amazon DCV, the API's WSP), directly (no proxy), to the
 *   WORKSPACES_GATEWAYS ranges of the Region, IPv4 (`prefixes`) and IPv6 (`ipv6_prefixes`), and to the
 *   Region's health check server;
 * - TCP and UDP 443 (a proxy is fine for HTTPS) to the AMAZON ranges of the Region;
 * - with Global Accelerator for Amazon DCV WorkSpaces: TCP and UDP 4195 to the GLOBALACCELERATOR ranges of
 *   ip-ranges.json (region GLOBAL: the addresses allocated to accelerators);
 * - a few domain names.
 *
 * Ranges change over time, so they are always derived from ip-ranges.json, never written down here.
 */
import { UnknownWorkspacesRegionError } from '../domain/errors';
import { healthCheckHost } from './health-checks';
import { compareCidrs, familyOf, type IpRanges } from './ip-ranges';
import { STREAMING_PORT } from './ports';

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

export interface Allowlist {
  region: string;
  syncToken: string;
  createDate: string;
  protocols: StreamingProtocol[];
  globalAccelerator: boolean;
  rules: FirewallRule[];
  domains: DomainRule[];
}

export interface AllowlistOptions {
  /** The directory id or alias, for its sign-in domain. */
  directory?: string;
  /** Which streaming protocols the WorkSpaces use; both by default. */
  protocols?: readonly StreamingProtocol[];
  /** Global Accelerator is on for Amazon DCV WorkSpaces (its ranges are needed then). */
  globalAccelerator?: boolean;
}

export const PROTOCOL_NAME: Readonly<Record<StreamingProtocol, string>> = {
  PCOIP: 'PCoIP',
  WSP: 'Amazon DCV',
};

const BOTH: readonly Transport[] = ['TCP', 'UDP'];

export function allowlistFor(ipRanges: IpRanges, region: string, opts: AllowlistOptions = {}): Allowlist {
  const gateways = ipRanges.ranges.filter((r) => r.service === 'WORKSPACES_GATEWAYS' && r.region === region);
  if (!gateways.length) {
    const known = [
      ...new Set(ipRanges.ranges.filter((r) => r.service === 'WORKSPACES_GATEWAYS').map((r) => r.region)),
    ].sort();
    throw new UnknownWorkspacesRegionError(region, known);
  }
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
  const https = `HTTPS: registration, sign-in, client updates (AMAZON ${region})`;
  for (const range of ipRanges.ranges) {
    if (range.service === 'AMAZON' && range.region === region)
      for (const t of BOTH) add(range.cidr, t, 443, https);
  }
  if (globalAccelerator) {
    const purpose = 'Amazon DCV streaming through Global Accelerator (GLOBALACCELERATOR GLOBAL)';
    for (const range of ipRanges.ranges) {
      if (range.service === 'GLOBALACCELERATOR' && range.region === 'GLOBAL')
        for (const t of BOTH) add(range.cidr, t, STREAMING_PORT.WSP, purpose);
    }
  }
  return {
    region,
    syncToken: ipRanges.syncToken,
    createDate: ipRanges.createDate,
    protocols: [...protocols],
    globalAccelerator,
    rules: [...byKey.values()].sort(compareRules),
    domains: domainsFor(region, protocols, opts.directory),
  };
}

export function domainsFor(
  region: string,
  protocols: readonly StreamingProtocol[] = STREAMING_PROTOCOLS,
  directory?: string,
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
  const host = healthCheckHost(region);
  if (host) {
    for (const protocol of protocols) {
      for (const t of BOTH) {
        rules.push({
          domain: host,
          protocol: t,
          port: STREAMING_PORT[protocol],
          purpose: `${PROTOCOL_NAME[protocol]} health check server (${region})`,
        });
      }
    }
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
