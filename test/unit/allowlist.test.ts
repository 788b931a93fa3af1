import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowlistFor,
  diffAllowlists,
  formatAllowlist,
  formatDiff,
  IpRangesFormatError,
  parseIpRanges,
  UnknownWorkspacesRegionError,
} from '../../src/allowlist';

const fixture = (name: string) =>
  parseIpRanges(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ip-ranges', name), 'utf8')),
  );
const NEW = fixture('ip-ranges-new.json');
const OLD = fixture('ip-ranges-old.json');
const GATEWAYS = ['13.112.197.128/26', '35.73.220.0/26', '54.250.251.0/24'];

describe('the firewall allowlist of a Region', () => {
  const list = allowlistFor(NEW, 'ap-northeast-1');
  const on = (protocol: string, port: number) =>
    list.rules.filter((r) => r.protocol === protocol && r.port === port).map((r) => r.destination);

  it('opens TCP and UDP 4172 (PCoIP) and 4195 (Amazon DCV) to exactly the gateway ranges of the Region', () => {
    for (const port of [4172, 4195]) {
      expect(on('TCP', port)).toEqual(GATEWAYS);
      expect(on('UDP', port)).toEqual(GATEWAYS);
    }
    expect(list.rules.find((r) => r.port === 4172)?.purpose).toContain('PCoIP');
    expect(list.rules.find((r) => r.port === 4195)?.purpose).toContain('Amazon DCV');
  });

  it('opens TCP 443 to AMAZON of the Region, GLOBAL, us-east-1 and us-west-2, and S3 us-west-2, once each', () => {
    expect(on('TCP', 443)).toEqual([
      '3.80.0.0/12',
      '13.112.0.0/14',
      '13.112.197.128/26',
      '34.195.252.0/24',
      '35.73.220.0/26',
      '35.160.0.0/13',
      '52.94.0.0/22',
      '52.218.128.0/17',
      '54.250.0.0/16',
      '54.250.251.0/24',
      '205.251.192.0/19',
      '2406:da14::/32',
      '2600:1f00::/24',
    ]);
    expect(on('UDP', 443)).toEqual([]);
    // S3 us-west-2 is also AMAZON us-west-2: one rule, both purposes.
    expect(list.rules.find((r) => r.destination === '52.218.128.0/17')?.purpose).toMatch(
      /AMAZON us-west-2.*S3 us-west-2/,
    );
    // Other Regions' gateways, other services (EC2, CLOUDFRONT-only) and other Regions stay out.
    expect(
      list.rules.some((r) => r.destination === '52.19.124.0/23' || r.destination === '3.248.0.0/13'),
    ).toBe(false);
    expect(list.rules.some((r) => r.destination === '52.95.243.0/24')).toBe(false);
  });

  it('lists the domains, with the directory when given', () => {
    expect(list.domains.map((d) => d.domain)).toEqual([
      'clients.amazonworkspaces.com',
      'd2td7dqidlhjx7.cloudfront.net',
      's3.amazonaws.com',
      'connectivity.amazonworkspaces.com',
      '<directory id>.awsapps.com',
    ]);
    expect(allowlistFor(NEW, 'ap-northeast-1', { directory: 'corp-example' }).domains.at(-1)?.domain).toBe(
      'corp-example.awsapps.com',
    );
  });

  it('names the Regions it knows when the Region has no WorkSpaces gateways', () => {
    expect(() => allowlistFor(NEW, 'ap-northeast-3')).toThrow(UnknownWorkspacesRegionError);
    expect(() => allowlistFor(NEW, 'ap-northeast-3')).toThrow(/ap-northeast-1, eu-west-1, us-east-1/);
  });

  it('rejects a file that is not ip-ranges.json', () => {
    expect(() => parseIpRanges({ hello: 1 })).toThrow(IpRangesFormatError);
    expect(() =>
      parseIpRanges({ prefixes: [{ ip_prefix: '1.2.3.4/99', region: 'x', service: 'AMAZON' }] }),
    ).toThrow(/not a CIDR/);
  });
});

describe('the diff against an older ip-ranges.json', () => {
  const diff = diffAllowlists(allowlistFor(OLD, 'ap-northeast-1'), allowlistFor(NEW, 'ap-northeast-1'));

  it('shows exactly the rules added and removed', () => {
    expect(diff.added.map((r) => `${r.protocol} ${r.port} ${r.destination}`)).toEqual([
      'TCP 4172 35.73.220.0/26',
      'UDP 4172 35.73.220.0/26',
      'TCP 4195 35.73.220.0/26',
      'UDP 4195 35.73.220.0/26',
      'TCP 443 35.73.220.0/26',
    ]);
    expect(diff.removed.map((r) => `${r.protocol} ${r.port} ${r.destination}`)).toEqual([
      'TCP 443 52.68.0.0/15',
    ]);
    expect(diff.from.syncToken).toBe('1710000000');
    expect(diff.to.syncToken).toBe('1730000000');
  });

  it('is empty against itself', () => {
    const same = diffAllowlists(allowlistFor(NEW, 'ap-northeast-1'), allowlistFor(NEW, 'ap-northeast-1'));
    expect([same.added, same.removed]).toEqual([[], []]);
  });
});

describe('formats', () => {
  const list = allowlistFor(NEW, 'ap-northeast-1');

  it('md: streaming and HTTPS tables and the domains', () => {
    const md = formatAllowlist(list, 'md');
    expect(md).toContain('| 35.73.220.0/26 | UDP | 4195 |');
    expect(md).toContain('## Domains');
    expect(md).toContain('syncToken 1730000000');
  });

  it('csv: a header and one line per rule and domain, quoted where needed', () => {
    const lines = formatAllowlist(list, 'csv').trim().split('\n');
    expect(lines[0]).toBe('destination,protocol,port,purpose');
    expect(lines).toHaveLength(1 + list.rules.length + list.domains.length);
    expect(lines).toContain('13.112.197.128/26,TCP,4172,PCoIP streaming to the WorkSpaces gateways');
    expect(lines.find((l) => l.startsWith('13.112.0.0/14'))).toMatch(/,"HTTPS: registration, sign-in/);
  });

  it('json round-trips; the diff formats name added and removed', () => {
    expect(JSON.parse(formatAllowlist(list, 'json'))).toEqual(list);
    const diff = diffAllowlists(allowlistFor(OLD, 'ap-northeast-1'), list);
    expect(formatDiff(diff, 'md')).toContain('5 to add, 1 to remove');
    expect(formatDiff(diff, 'csv').split('\n')).toContain(
      'removed,52.68.0.0/15,TCP,443,"HTTPS: registration, sign-in and session broker (AMAZON ap-northeast-1)"',
    );
  });
});
