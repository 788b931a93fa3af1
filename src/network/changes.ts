/**
 * What the allowlist watch compares from one day to the next: every firewall rule that matters for the
 * configured Regions and protocols (gateways IPv4 and IPv6, the DCV gateway ranges of the port page, the
 * five subsets on 443, Global Accelerator when on), as one set of keys `<region> <transport> <port> <cidr>`. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { IpRanges } from './ip-ranges';
import type { PortPage } from './port-page';
import {
  type AllowlistOptions,
  allowlistFor,
  type IpFamily,
  type StreamingProtocol,
  type Transport,
} from './rules';

export interface WatchScope {
  regions: string[];
  protocols: StreamingProtocol[];
  globalAccelerator: boolean;
}

export interface WatchedRule {
  region: string;
  protocol: Transport;
  port: number;
  destination: string;
  family: IpFamily;
}

export interface AllowlistChange {
  added: WatchedRule[];
  removed: WatchedRule[];
}

export function watchedRuleKey(r: WatchedRule): string {
  return `${r.region} ${r.protocol} ${r.port} ${r.destination}`;
}

export function parseWatchedRuleKey(key: string): WatchedRule {
  const [region = '', protocol = 'TCP', port = '0', destination = ''] = key.split(' ');
  return {
    region,
    protocol: protocol as Transport,
    port: Number(port),
    destination,
    family: destination.includes(':') ? 6 : 4,
  };
}

/**
 * The rules of every watched Region, as sorted keys: from ip-ranges.json and the product's copy of the port
 * page (its DCV gateway ranges), so an update of either is a change. A Region without gateways throws.
 */
export function watchedRules(ipRanges: IpRanges, scope: WatchScope, portPage?: PortPage): string[] {
  const opts: AllowlistOptions = {
    protocols: scope.protocols,
    globalAccelerator: scope.globalAccelerator,
    ...(portPage ? { portPage } : {}),
  };
  const keys = new Set<string>();
  for (const region of scope.regions) {
    for (const r of allowlistFor(ipRanges, region, opts).rules) keys.add(watchedRuleKey({ region, ...r }));
  }
  return [...keys].sort();
}

export function changeBetween(seen: readonly string[], current: readonly string[]): AllowlistChange {
  const before = new Set(seen);
  const now = new Set(current);
  return {
    added: current.filter((k) => !before.has(k)).map(parseWatchedRuleKey),
    removed: seen.filter((k) => !now.has(k)).map(parseWatchedRuleKey),
  };
}

export const isNoChange = (c: AllowlistChange) => !c.added.length && !c.removed.length;

/**
 * Names one change for the send-once ledger: the version of the set it starts from and what it adds and
 * removes. A retry after a crash names the same change (same version, same diff); the same ranges coming
 * back later start from a newer version, so they are a new change.
 */
export function changeId(fromVersion: number, change: AllowlistChange): string {
  const hash = createHash('sha256').update(String(fromVersion));
  for (const r of change.added) hash.update(`\n+${watchedRuleKey(r)}`);
  for (const r of change.removed) hash.update(`\n-${watchedRuleKey(r)}`);
  return hash.digest('hex').slice(0, 32);
}
