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
const GATEWAYS_V4 = ['13.112.197.128/26', '35.73.220.0/26', '54.250.251.0/24'];
const GATEWAYS_V6 = ['2406:da14:1e4:b200::/56', '2406:da14:1e4:b300::/56'];
const GATEWAYS = [...GATEWAYS_V4, ...GATEWAYS_V6];
const AMAZON_REGION = [
  '13.112.0.0/14',
  '13.112.197.128/26',
  '35.73.220.0/26',
  '54.250.0.0/16',
  '54.250.251.0/24',
  '2406:da14::/32',
];
const on = (list: ReturnType<typeof allowlistFor>, protocol: string, port: number) =>
  list.rules.filter((r) => r.protocol === protocol && r.port === port).map((r) => r.destination);

describe('the firewall allowlist of a Region', () => {
  const list = allowlistFor(NEW, 'ap-northeast-1');

  it('opens TCP and UDP 4172 (PCoIP) and 4195 (Amazon DCV) to exactly the Region’s IPv4 and IPv6 gateways', () => {
    for (const port of [4172, 4195]) {
      expect(on(list, 'TCP', port)).toEqual(GATEWAYS);
      expect(on(list, 'UDP', port)).toEqual(GATEWAYS);
    }
    expect(list.rules.find((r) => r.port === 4172)?.purpose).toContain('PCoIP');
    expect(list.rules.find((r) => r.port === 4195)?.purpose).toContain('Amazon DCV');
    expect(list.rules.filter((r) => r.family === 6 && r.port === 4195).map((r) => r.destination)).toEqual([
      ...GATEWAYS_V6,
      ...GATEWAYS_V6,
    ]);
    // us-east-1's IPv6 gateway range is another Region's.
    expect(list.rules.some((r) => r.destination.startsWith('2600:1f18'))).toBe(false);
  });

  it('opens TCP and UDP 443 to the AMAZON ranges of the Region only, IPv4 and IPv6', () => {
    expect(on(list, 'TCP', 443)).toEqual(AMAZON_REGION);
    expect(on(list, 'UDP', 443)).toEqual(AMAZON_REGION);
    // Other Regions, GLOBAL, other services (EC2, S3, CLOUDFRONT) stay out.
    for (const other of [
      '52.19.124.0/23',
      '3.248.0.0/13',
      '52.95.243.0/24',
      '205.251.192.0/19',
      '2600:1f00::/24',
    ])
      expect(list.rules.some((r) => r.destination === other)).toBe(false);
  });

  it('only the protocols asked for: a PCoIP-only network opens no 4195', () => {
    const pcoip = allowlistFor(NEW, 'ap-northeast-1', { protocols: ['PCOIP'] });
    expect(on(pcoip, 'UDP', 4195)).toEqual([]);
    expect(on(pcoip, 'UDP', 4172)).toEqual(GATEWAYS);
    expect(pcoip.domains.filter((d) => d.port === 4195)).toEqual([]);
  });

  it('adds the GLOBAL Global Accelerator ranges on 4195 when it is on, for Amazon DCV only', () => {
    expect(list.rules.some((r) => r.destination === '75.2.0.0/17')).toBe(false);
    const ga = allowlistFor(NEW, 'ap-northeast-1', { globalAccelerator: true });
    const accelerators = ['75.2.0.0/17', '99.83.128.0/17', '2600:9000:a000::/40'];
    expect(on(ga, 'TCP', 4195).filter((d) => !GATEWAYS.includes(d))).toEqual(accelerators);
    expect(on(ga, 'UDP', 4195).filter((d) => !GATEWAYS.includes(d))).toEqual(accelerators);
    expect(on(ga, 'TCP', 4172)).toEqual(GATEWAYS);
    // A Region's Global Accelerator entries are its edge locations, not the accelerators' addresses.
    expect(ga.rules.some((r) => r.destination === '13.248.128.0/17')).toBe(false);
    // PCoIP WorkSpaces do not use Global Accelerator.
    expect(
      allowlistFor(NEW, 'ap-northeast-1', { globalAccelerator: true, protocols: ['PCOIP'] })
        .globalAccelerator,
    ).toBe(false);
  });

  it('lists the domains: the Region’s health check host on the streaming ports, the directory when given', () => {
    expect(list.domains.map((d) => `${d.protocol} ${d.port} ${d.domain}`)).toEqual([
      'TCP 443 clients.amazonworkspaces.com',
      'TCP 443 d2td7dqidlhjx7.cloudfront.net',
      'TCP 443 s3.amazonaws.com',
      'TCP 443 connectivity.amazonworkspaces.com',
      'TCP 443 <directory id>.awsapps.com',
      'TCP 4172 drp-nrt.amazonworkspaces.com',
      'UDP 4172 drp-nrt.amazonworkspaces.com',
      'TCP 4195 drp-nrt.amazonworkspaces.com',
      'UDP 4195 drp-nrt.amazonworkspaces.com',
    ]);
    expect(allowlistFor(NEW, 'eu-west-1').domains.at(-1)?.domain).toBe('drp-dub.amazonworkspaces.com');
    expect(allowlistFor(NEW, 'ap-northeast-1', { directory: 'corp-example' }).domains[4]?.domain).toBe(
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
    expect(() =>
      parseIpRanges({
        prefixes: [],
        ipv6_prefixes: [{ ipv6_prefix: 'zz::/200', region: 'x', service: 'AMAZON' }],
      }),
    ).toThrow(/not a CIDR/);
  });
});

describe('the diff against an older ip-ranges.json', () => {
  const diff = diffAllowlists(allowlistFor(OLD, 'ap-northeast-1'), allowlistFor(NEW, 'ap-northeast-1'));
  const keys = (rules: typeof diff.added) => rules.map((r) => `${r.protocol} ${r.port} ${r.destination}`);

  it('shows exactly the rules added and removed, IPv6 included', () => {
    expect(keys(diff.added)).toEqual([
      'TCP 4172 35.73.220.0/26',
      'TCP 4172 2406:da14:1e4:b300::/56',
      'UDP 4172 35.73.220.0/26',
      'UDP 4172 2406:da14:1e4:b300::/56',
      'TCP 4195 35.73.220.0/26',
      'TCP 4195 2406:da14:1e4:b300::/56',
      'UDP 4195 35.73.220.0/26',
      'UDP 4195 2406:da14:1e4:b300::/56',
      'TCP 443 35.73.220.0/26',
      'UDP 443 35.73.220.0/26',
    ]);
    expect(keys(diff.removed)).toEqual([
      'TCP 4172 2406:da14:1e4:a100::/56',
      'UDP 4172 2406:da14:1e4:a100::/56',
      'TCP 4195 2406:da14:1e4:a100::/56',
      'UDP 4195 2406:da14:1e4:a100::/56',
      'TCP 443 52.68.0.0/15',
      'UDP 443 52.68.0.0/15',
    ]);
    expect(diff.from.syncToken).toBe('1710000000');
    expect(diff.to.syncToken).toBe('1730000000');
  });

  it('with Global Accelerator on, a new accelerator range is a change', () => {
    const ga = diffAllowlists(
      allowlistFor(OLD, 'ap-northeast-1', { globalAccelerator: true }),
      allowlistFor(NEW, 'ap-northeast-1', { globalAccelerator: true }),
    );
    expect(keys(ga.added).filter((k) => k.includes('99.83') || k.includes('2600:9000'))).toEqual([
      'TCP 4195 99.83.128.0/17',
      'TCP 4195 2600:9000:a000::/40',
      'UDP 4195 99.83.128.0/17',
      'UDP 4195 2600:9000:a000::/40',
    ]);
  });

  it('is empty against itself', () => {
    const same = diffAllowlists(allowlistFor(NEW, 'ap-northeast-1'), allowlistFor(NEW, 'ap-northeast-1'));
    expect([same.added, same.removed]).toEqual([[], []]);
  });
});

describe('formats', () => {
  const list = allowlistFor(NEW, 'ap-northeast-1');

  it('md: streaming and HTTPS tables, the counts per family and the domains', () => {
    const md = formatAllowlist(list, 'md');
    expect(md).toContain('| 35.73.220.0/26 | UDP | 4195 |');
    expect(md).toContain('| 2406:da14:1e4:b300::/56 | UDP | 4195 |');
    expect(md).toContain('Protocols: PCoIP, Amazon DCV (WSP)');
    expect(md).toContain('## Domains');
    expect(md).toContain('| drp-nrt.amazonworkspaces.com | UDP | 4172 |');
    expect(md).toContain('syncToken 1730000000');
  });

  it('csv: a header and one line per rule and domain, quoted where needed', () => {
    const lines = formatAllowlist(list, 'csv').trim().split('\n');
    expect(lines[0]).toBe('destination,protocol,port,purpose');
    expect(lines).toHaveLength(1 + list.rules.length + list.domains.length);
    expect(lines).toContain(
      '13.112.197.128/26,TCP,4172,PCoIP streaming and health checks (WORKSPACES_GATEWAYS ap-northeast-1)',
    );
    expect(lines).toContain(
      '2406:da14:1e4:b200::/56,UDP,4195,Amazon DCV streaming and health checks (WORKSPACES_GATEWAYS ap-northeast-1)',
    );
    expect(lines.find((l) => l.startsWith('13.112.0.0/14'))).toMatch(/,"HTTPS: registration, sign-in/);
  });

  it('cidr: one range a line, each once, for one family or port, ready for a firewall import', () => {
    expect(formatAllowlist(list, 'cidr', { family: 6 })).toBe(
      '2406:da14::/32\n2406:da14:1e4:b200::/56\n2406:da14:1e4:b300::/56\n',
    );
    expect(formatAllowlist(list, 'cidr', { family: 4, port: 4195 })).toBe(`${GATEWAYS_V4.join('\n')}\n`);
    expect(formatAllowlist(list, 'cidr', { family: 6, port: 443 })).toBe('2406:da14::/32\n');
    const all = formatAllowlist(list, 'cidr').trim().split('\n');
    expect(all).toEqual([...new Set(all)]);
    expect(all.indexOf('54.250.251.0/24')).toBeLessThan(all.indexOf('2406:da14::/32'));
    expect(all).toHaveLength(new Set([...GATEWAYS, ...AMAZON_REGION]).size);
  });

  it('json round-trips; the diff formats name added and removed, IPv6 too', () => {
    expect(JSON.parse(formatAllowlist(list, 'json'))).toEqual(list);
    const diff = diffAllowlists(allowlistFor(OLD, 'ap-northeast-1'), list);
    expect(formatDiff(diff, 'md')).toContain('10 to add, 6 to remove');
    expect(formatDiff(diff, 'md')).toContain('## Added: open these (10, 4 IPv6)');
    expect(formatDiff(diff, 'csv').split('\n')).toContain(
      'removed,52.68.0.0/15,TCP,443,"HTTPS: registration, sign-in, client updates (AMAZON ap-northeast-1)"',
    );
    expect(formatDiff(diff, 'cidr', { family: 6 })).toBe(
      '+2406:da14:1e4:b300::/56\n-2406:da14:1e4:a100::/56\n',
    );
  });
});
