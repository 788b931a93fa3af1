import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowlistFor,
  CHINA_PORT_PAGE,
  CHINA_REGIONS,
  diffAllowlists,
  formatAllowlist,
  formatDiff,
  IpRangesFormatError,
  PORT_PAGE,
  type PortPage,
  type PortPageRegion,
  parseIpRanges,
  portPageRegion,
  UnknownWorkspacesRegionError,
} from '../../src/network/allowlist';
import { compareCidrs, isCidr } from '../../src/network/ip-ranges';

const fixture = (name: string) =>
  parseIpRanges(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ip-ranges', name), 'utf8')),
  );
const NEW = fixture('ip-ranges-new.json');
const OLD = fixture('ip-ranges-old.json');
const GATEWAYS_V4 = ['13.112.197.128/26', '35.73.220.0/26', '54.250.251.0/24'];
const GATEWAYS_V6 = ['2406:da14:1e4:b200::/56', '2406:da14:1e4:b300::/56'];
const GATEWAYS = [...GATEWAYS_V4, ...GATEWAYS_V6];
/** ap-northeast-1's DCV gateway range in the product's copy of the port page (port-page.json). */
const DCV_TOKYO = '3.114.164.0/22';
const AMAZON_REGION = [
  '13.112.0.0/14',
  '13.112.197.128/26',
  '35.73.220.0/26',
  '54.250.0.0/16',
  '54.250.251.0/24',
  '2406:da14::/32',
];
/** The five subsets of the port page, in numeric order: AMAZON GLOBAL, Region, us-east-1, us-west-2; S3 us-west-2. */
const HTTPS = [
  '3.80.0.0/12', // AMAZON us-east-1
  '13.112.0.0/14',
  '13.112.197.128/26',
  '34.195.252.0/24', // AMAZON us-east-1 (also a us-east-1 gateway: AMAZON holds every range)
  '35.73.220.0/26',
  '35.160.0.0/13', // AMAZON us-west-2
  '52.94.0.0/22', // AMAZON GLOBAL
  '52.218.128.0/17', // AMAZON and S3 us-west-2
  '54.250.0.0/16',
  '54.250.251.0/24',
  '205.251.192.0/19', // AMAZON GLOBAL
  '2406:da14::/32',
  '2600:1f00::/24', // AMAZON us-east-1
];
/** Ranges of the fixture no rule of ap-northeast-1 may name: other Regions' gateways, other subsets. */
const DECOYS = [
  '52.19.124.0/23', // eu-west-1 WORKSPACES_GATEWAYS
  '44.234.54.0/23', // us-west-2 WORKSPACES_GATEWAYS
  '2600:1f18:4c0c:1e00::/56', // us-east-1 WORKSPACES_GATEWAYS
  '3.248.0.0/13', // AMAZON eu-west-1
  '52.95.243.0/24', // S3 ap-northeast-1
  '52.216.0.0/15', // S3 us-east-1
  '54.68.0.0/14', // EC2 us-west-2
  '13.248.128.0/17', // GLOBALACCELERATOR ap-northeast-1 (edge locations)
];
const on = (list: ReturnType<typeof allowlistFor>, protocol: string, port: number) =>
  list.rules.filter((r) => r.protocol === protocol && r.port === port).map((r) => r.destination);
const samplePage = (row: Partial<PortPageRegion>): PortPage => ({
  page: PORT_PAGE.page,
  read: '2027-01-01',
  regions: {
    'ap-northeast-1': {
      name: 'Asia Pacific (Tokyo)',
      healthCheck: null,
      dcvGateways: null,
      dcvDomain: null,
      ...row,
    },
  },
});

describe('the firewall allowlist of a Region', () => {
  const list = allowlistFor(NEW, 'ap-northeast-1');

  it('opens TCP and UDP 4172 (PCoIP) to exactly the Region’s IPv4 and IPv6 gateways', () => {
    expect(on(list, 'TCP', 4172)).toEqual(GATEWAYS);
    expect(on(list, 'UDP', 4172)).toEqual(GATEWAYS);
    expect(list.rules.find((r) => r.port === 4172)?.purpose).toContain('PCoIP');
  });

  it('opens TCP and UDP 4195 (Amazon DCV) to the Region’s gateways and its DCV gateway ranges from the port page', () => {
    const dcv = [DCV_TOKYO, ...GATEWAYS_V4, ...GATEWAYS_V6];
    expect(on(list, 'TCP', 4195)).toEqual(dcv);
    expect(on(list, 'UDP', 4195)).toEqual(dcv);
    expect(list.rules.find((r) => r.destination === DCV_TOKYO)?.purpose).toBe(
      'Amazon DCV gateway servers (ap-northeast-1, the port page)',
    );
    expect(list.rules.find((r) => r.port === 4195)?.purpose).toContain('Amazon DCV');
    // A DCV gateway range is for Amazon DCV only; PCoIP keeps its gateways.
    expect(on(list, 'TCP', 4172)).not.toContain(DCV_TOKYO);
    // Another Region's DCV ranges (us-west-2's 34.223.96.0/22) stay out.
    expect(list.rules.some((r) => r.destination === '34.223.96.0/22')).toBe(false);
  });

  it('opens TCP and UDP 443 to the five subsets of the port page: AMAZON in GLOBAL, the Region, us-east-1, us-west-2; S3 in us-west-2', () => {
    expect(on(list, 'TCP', 443)).toEqual(HTTPS);
    expect(on(list, 'UDP', 443)).toEqual(HTTPS);
    const purpose = (cidr: string) =>
      list.rules.find((r) => r.port === 443 && r.destination === cidr)?.purpose;
    expect(purpose('52.94.0.0/22')).toBe('HTTPS: registration, sign-in, client updates (AMAZON GLOBAL)');
    expect(purpose('13.112.0.0/14')).toContain('(AMAZON ap-northeast-1)');
    expect(purpose('2600:1f00::/24')).toContain('(AMAZON us-east-1)');
    expect(purpose('52.218.128.0/17')).toBe(
      'HTTPS: registration, sign-in, client updates (AMAZON us-west-2); HTTPS: registration, sign-in, client updates (S3 us-west-2)',
    );
    // Every AMAZON range of the Region stays, as before.
    for (const cidr of AMAZON_REGION) expect(on(list, 'TCP', 443)).toContain(cidr);
  });

  it('never names another Region’s gateways, another subset or another service', () => {
    for (const decoy of DECOYS) expect(list.rules.map((r) => r.destination)).not.toContain(decoy);
    // us-east-1's gateway range is there only as an AMAZON range on 443, never on a streaming port.
    expect(list.rules.filter((r) => r.destination === '34.195.252.0/24').map((r) => r.port)).toEqual([
      443, 443,
    ]);
  });

  it('a Region that is us-east-1 or us-west-2 lists each range once', () => {
    const east = allowlistFor(NEW, 'us-east-1');
    const keys = east.rules.map((r) => `${r.protocol} ${r.port} ${r.destination}`);
    expect(keys).toEqual([...new Set(keys)]);
    expect(on(east, 'TCP', 443)).toContain('3.80.0.0/12');
    expect(on(east, 'TCP', 443)).toContain('35.160.0.0/13');
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
    const streaming = [...GATEWAYS, DCV_TOKYO];
    expect(on(ga, 'TCP', 4195).filter((d) => !streaming.includes(d))).toEqual(accelerators);
    expect(on(ga, 'UDP', 4195).filter((d) => !streaming.includes(d))).toEqual(accelerators);
    expect(on(ga, 'TCP', 4172)).toEqual(GATEWAYS);
    // A Region's Global Accelerator entries are its edge locations, not the accelerators' addresses.
    expect(ga.rules.some((r) => r.destination === '13.248.128.0/17')).toBe(false);
    // PCoIP WorkSpaces do not use Global Accelerator.
    expect(
      allowlistFor(NEW, 'ap-northeast-1', { globalAccelerator: true, protocols: ['PCOIP'] })
        .globalAccelerator,
    ).toBe(false);
  });

  it('lists the domains: both health check hosts on each streaming port, the DCV gateway domain, the directory when given', () => {
    expect(list.domains.map((d) => `${d.protocol} ${d.port} ${d.domain}`)).toEqual([
      'TCP 443 clients.amazonworkspaces.com',
      'TCP 443 d2td7dqidlhjx7.cloudfront.net',
      'TCP 443 s3.amazonaws.com',
      'TCP 443 connectivity.amazonworkspaces.com',
      'TCP 443 <directory id>.awsapps.com',
      'TCP 4172 drp-nrt.amazonworkspaces.com',
      'UDP 4172 drp-nrt.amazonworkspaces.com',
      'TCP 4172 drp-workspaces.ap-northeast-1.api.aws',
      'UDP 4172 drp-workspaces.ap-northeast-1.api.aws',
      'TCP 4195 drp-nrt.amazonworkspaces.com',
      'UDP 4195 drp-nrt.amazonworkspaces.com',
      'TCP 4195 drp-workspaces.ap-northeast-1.api.aws',
      'UDP 4195 drp-workspaces.ap-northeast-1.api.aws',
      'TCP 4195 *.prod.ap-northeast-1.highlander.aws.a2z.com',
      'UDP 4195 *.prod.ap-northeast-1.highlander.aws.a2z.com',
    ]);
    expect(list.gaps).toEqual([]);
    const dublin = allowlistFor(NEW, 'eu-west-1', { protocols: ['PCOIP'] }).domains.map((d) => d.domain);
    expect(dublin.slice(-2)).toEqual([
      'drp-workspaces.eu-west-1.api.aws',
      'drp-workspaces.eu-west-1.api.aws',
    ]);
    expect(dublin).toContain('drp-dub.amazonworkspaces.com');
    expect(allowlistFor(NEW, 'ap-northeast-1', { directory: 'corp-example' }).domains[4]?.domain).toBe(
      'corp-example.awsapps.com',
    );
  });

  it('says what the page did not show instead of guessing: us-east-1’s DCV gateway ranges', () => {
    const east = allowlistFor(NEW, 'us-east-1');
    expect(east.gaps).toEqual(['dcv-gateways']);
    // 4195 keeps what the product opened before: the Region's WORKSPACES_GATEWAYS.
    expect(on(east, 'TCP', 4195)).toEqual(['34.195.252.0/24', '2600:1f18:4c0c:1e00::/56']);
    expect(formatAllowlist(east, 'md')).toContain('The DCV gateway ranges of us-east-1 could not be read');
    expect(east.domains.map((d) => d.domain)).toContain('drp-workspaces.us-east-1.api.aws');
  });

  it('follows the data file: its ranges, its hosts, and a gap where it has none', () => {
    const page = samplePage({ dcvGateways: ['198.51.100.0/24', '2001:db8:40::/44'] });
    const custom = allowlistFor(NEW, 'ap-northeast-1', { portPage: page });
    expect(on(custom, 'UDP', 4195)).toEqual(
      [...GATEWAYS, '198.51.100.0/24', '2001:db8:40::/44'].sort(compareCidrs),
    );
    expect(custom.rules.find((r) => r.destination === '2001:db8:40::/44')?.family).toBe(6);
    expect(custom.page).toEqual({ url: PORT_PAGE.page, read: '2027-01-01' });
    expect(custom.gaps).toEqual(['health-check', 'dcv-domain']);
    expect(custom.domains.every((d) => d.port === 443)).toBe(true);
    expect(formatAllowlist(custom, 'md')).toContain('## Not shown by the page');
  });

  it('China’s Regions follow the China page: 443 to the Region’s AMAZON ranges only, streaming to its gateways', () => {
    const china = parseIpRanges({
      syncToken: '1',
      createDate: '2027-01-01-00-00-00',
      prefixes: [
        { ip_prefix: '52.82.0.0/17', region: 'cn-northwest-1', service: 'AMAZON' },
        { ip_prefix: '52.82.1.0/24', region: 'cn-northwest-1', service: 'WORKSPACES_GATEWAYS' },
        { ip_prefix: '205.251.192.0/19', region: 'GLOBAL', service: 'AMAZON' },
        { ip_prefix: '3.80.0.0/12', region: 'us-east-1', service: 'AMAZON' },
        { ip_prefix: '52.218.128.0/17', region: 'us-west-2', service: 'S3' },
      ],
    });
    const ningxia = allowlistFor(china, 'cn-northwest-1');
    expect(on(ningxia, 'TCP', 443)).toEqual(['52.82.0.0/17']);
    expect(on(ningxia, 'UDP', 4195)).toEqual(['52.82.1.0/24']);
    expect(ningxia.page.url).toBe(CHINA_PORT_PAGE);
    expect(ningxia.gaps).toEqual(['health-check', 'dcv-gateways', 'dcv-domain']);
    expect(ningxia.domains.every((d) => d.port === 443)).toBe(true);
  });

  it('names the Regions it knows when the Region has no WorkSpaces gateways', () => {
    expect(() => allowlistFor(NEW, 'ap-northeast-3')).toThrow(UnknownWorkspacesRegionError);
    expect(() => allowlistFor(NEW, 'ap-northeast-3')).toThrow(
      /ap-northeast-1, eu-west-1, us-east-1, us-west-2/,
    );
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

describe('the port page data file (port-page.json)', () => {
  /** Every Region the page's "DCV gateway servers" table lists (docs/aws-facts.md quotes it), read 2026-12-06. */
  const PAGE_REGIONS = [
    'us-east-1',
    'us-east-2',
    'us-west-2',
    'ap-south-1',
    'ap-northeast-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-5',
    'ap-northeast-1',
    'ca-central-1',
    'eu-central-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'sa-east-1',
    'af-south-1',
    'il-central-1',
    'us-gov-west-1',
    'us-gov-east-1',
  ];
  /** The Regions of its "Health check servers" table. */
  const HEALTH_CHECK_REGIONS = PAGE_REGIONS.filter((r) => r !== 'us-east-2' && r !== 'ap-southeast-5');

  it('names the global page and the date it was read', () => {
    expect(PORT_PAGE.page).toBe(
      'https://docs.aws.amazon.com/workspaces/latest/adminguide/workspaces-port-requirements.html',
    );
    expect(PORT_PAGE.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has every WorkSpaces Region on the page, and no other', () => {
    expect(Object.keys(PORT_PAGE.regions).sort()).toEqual([...PAGE_REGIONS].sort());
  });

  it('has both health check host names of every Region of the health check table', () => {
    for (const region of HEALTH_CHECK_REGIONS) {
      const hc = PORT_PAGE.regions[region]?.healthCheck;
      expect(hc?.ipv4, region).toMatch(/^drp-[a-z]{3}\.amazonworkspaces\.com$/);
      expect(hc?.ipv6, region).toBe(`drp-workspaces.${region}.api.aws`);
    }
  });

  it('holds only CIDRs and DCV domains of their own Region', () => {
    for (const [region, row] of Object.entries(PORT_PAGE.regions)) {
      for (const cidr of row.dcvGateways ?? []) expect(isCidr(cidr), `${region} ${cidr}`).toBe(true);
      if (row.dcvDomain) expect(row.dcvDomain).toBe(`*.prod.${region}.highlander.aws.a2z.com`);
    }
  });

  it('leaves China to the China page', () => {
    for (const region of CHINA_REGIONS) expect(portPageRegion(region)).toBeUndefined();
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
    expect(md).toContain(
      `The rules follow ${PORT_PAGE.page} (its per-Region tables as read on ${PORT_PAGE.read})`,
    );
    expect(md).not.toContain('Not shown by the page');
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
      '2406:da14::/32\n2406:da14:1e4:b200::/56\n2406:da14:1e4:b300::/56\n2600:1f00::/24\n',
    );
    expect(formatAllowlist(list, 'cidr', { family: 4, port: 4195 })).toBe(
      `${[DCV_TOKYO, ...GATEWAYS_V4].join('\n')}\n`,
    );
    expect(formatAllowlist(list, 'cidr', { family: 6, port: 443 })).toBe('2406:da14::/32\n2600:1f00::/24\n');
    const all = formatAllowlist(list, 'cidr').trim().split('\n');
    expect(all).toEqual([...new Set(all)]);
    expect(all.indexOf('54.250.251.0/24')).toBeLessThan(all.indexOf('2406:da14::/32'));
    expect(all).toHaveLength(new Set([...GATEWAYS, DCV_TOKYO, ...HTTPS]).size);
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
