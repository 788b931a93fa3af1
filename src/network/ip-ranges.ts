/**
 * AWS's published address ranges (`https://ip-ranges.amazonaws.com/ip-ranges.json`), read and checked.
 * Every entry names a service (AMAZON, WORKSPACES_GATEWAYS, S3, ...) and a Region (or GLOBAL).
 */
import { IpRangesFormatError } from '../kernel/errors';

export const IP_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';

export interface IpRange {
  /** IPv4 or IPv6 CIDR. */
  cidr: string;
  region: string;
  service: string;
}

export interface IpRanges {
  syncToken: string;
  createDate: string;
  ranges: IpRange[];
}

export function parseIpRanges(json: unknown): IpRanges {
  if (!isObject(json) || !Array.isArray(json.prefixes)) {
    throw new IpRangesFormatError('not an ip-ranges.json document: "prefixes" (a list) is missing');
  }
  const ranges: IpRange[] = [];
  const read = (list: unknown, cidrField: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new IpRangesFormatError(`"${cidrField}" entries must be a list`);
    list.forEach((entry, i) => {
      const cidr = isObject(entry) ? entry[cidrField] : undefined;
      const region = isObject(entry) ? entry.region : undefined;
      const service = isObject(entry) ? entry.service : undefined;
      if (typeof cidr !== 'string' || typeof region !== 'string' || typeof service !== 'string') {
        throw new IpRangesFormatError(`entry ${i} needs ${cidrField}, region and service as strings`);
      }
      if (!isCidr(cidr)) throw new IpRangesFormatError(`entry ${i}: ${cidr} is not a CIDR`);
      ranges.push({ cidr, region, service });
    });
  };
  read(json.prefixes, 'ip_prefix');
  read(json.ipv6_prefixes, 'ipv6_prefix');
  return { syncToken: String(json.syncToken ?? ''), createDate: String(json.createDate ?? ''), ranges };
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function isCidr(value: string): boolean {
  const v4 = IPV4_CIDR.exec(value);
  if (v4) return v4.slice(1, 5).every((n) => Number(n) <= 255) && Number(v4[5]) <= 32;
  const [address, bits] = value.split('/');
  return !!address && /^[0-9a-f:]+$/i.test(address) && address.includes(':') && Number(bits) <= 128;
}

export function familyOf(cidr: string): 4 | 6 {
  return cidr.includes(':') ? 6 : 4;
}

/** Sorts addresses numerically (IPv4 before IPv6), so a reviewer can scan a long list. */
export function compareCidrs(a: string, b: string): number {
  const ka = cidrSortKey(a);
  const kb = cidrSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function cidrSortKey(cidr: string): string {
  const [address = '', bits = '0'] = cidr.split('/');
  if (!address.includes(':')) {
    return `4${address
      .split('.')
      .map((n) => n.padStart(3, '0'))
      .join('.')}/${bits.padStart(3, '0')}`;
  }
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `6${groups.map((g) => g.padStart(4, '0')).join(':')}/${bits.padStart(3, '0')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
