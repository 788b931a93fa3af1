import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORK_PAGE_POLICY } from '../../src/network/emails/network-page-html';
import { PORT_PAGE } from '../../src/network/port-page';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * GET /network/{region} through the local HTTP API, as the invitation's link opens it: the Region's
 * allowlist from the ip-ranges.json the cloud reads (local/ip-ranges.json) and the product's copy of the
 * port page, in the reader's language; an unknown Region is a 404 page, a bad protocol a 400 page.
 */
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${cloud.urls.http}${path}`, { headers });
  return { status: res.status, headers: res.headers, html: await res.text() };
};
/** The ranges of the <pre> block after the heading that contains `heading`. */
const rangesUnder = (html: string, heading: string) => {
  const at = html.indexOf(heading);
  expect(at, heading).toBeGreaterThan(-1);
  const pre = /<pre>([^<]*)<\/pre>/.exec(html.slice(at))!;
  return pre[1]!.split('\n');
};

describe('the network page', () => {
  it('lists the Amazon DCV allowlist of ap-northeast-1 in Japanese with ?lang=ja', async () => {
    const page = await get('/network/ap-northeast-1?protocol=WSP&lang=ja', { 'accept-language': 'en' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
        `style-src 'sha256-${NETWORK_PAGE_POLICY.styleSha256}'`,
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.html).toContain('<html lang="ja">');
    expect(page.html).toContain('Amazon WorkSpaces のファイアウォール許可リスト: ap-northeast-1');
    // 4195: the Region's gateways (IPv4 and IPv6) and its DCV gateway range from the port page.
    expect(rangesUnder(page.html, 'TCP と UDP の 4195')).toEqual([
      '3.114.164.0/22',
      '13.112.197.128/26',
      '54.250.251.0/24',
      '2406:da14:1e4:a100::/56',
      '2406:da14:1e4:b200::/56',
    ]);
    // 443: AMAZON in GLOBAL, the Region, us-east-1, us-west-2; S3 in us-west-2; never eu-west-1.
    const https = rangesUnder(page.html, 'TCP と UDP の 443');
    for (const cidr of ['52.94.0.0/22', '52.68.0.0/15', '3.80.0.0/12', '35.160.0.0/13', '52.218.128.0/17'])
      expect(https).toContain(cidr);
    expect(page.html).not.toContain('3.248.0.0/13');
    expect(page.html).not.toContain('52.19.124.0/23');
    for (const host of [
      'drp-nrt.amazonworkspaces.com',
      'drp-workspaces.ap-northeast-1.api.aws',
      '*.prod.ap-northeast-1.highlander.aws.a2z.com',
      'clients.amazonworkspaces.com',
    ])
      expect(page.html).toContain(host);
    // PCoIP is not asked for.
    expect(page.html).not.toContain('TCP と UDP の 4172');
    expect(page.html).toContain(`<a href="${PORT_PAGE.page}">`);
  });

  it('speaks the Accept-Language of the reader without ?lang=, both protocols when none is asked for', async () => {
    const page = await get('/network/ap-northeast-1', {
      'accept-language': 'fr;q=0.9, en-GB;q=0.8, ja;q=0.1',
    });
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Firewall allowlist for Amazon WorkSpaces: ap-northeast-1');
    expect(rangesUnder(page.html, 'TCP and UDP 4172')).toEqual([
      '13.112.197.128/26',
      '54.250.251.0/24',
      '2406:da14:1e4:a100::/56',
      '2406:da14:1e4:b200::/56',
    ]);
    expect(rangesUnder(page.html, 'TCP and UDP 4195')).toContain('3.114.164.0/22');
  });

  it('says what the page did not show for a Region instead of guessing: us-east-1’s DCV gateway ranges', async () => {
    const page = await get('/network/us-east-1?protocol=dcv&lang=en');
    expect(page.status).toBe(200);
    expect(rangesUnder(page.html, 'TCP and UDP 4195')).toEqual(['34.195.252.0/24']);
    expect(page.html).toContain('The DCV gateway ranges of us-east-1 are not in our copy of AWS&#39;s page');
  });

  it('an unknown Region is a 404 page naming the Regions with WorkSpaces, in the reader’s language', async () => {
    const page = await get('/network/ap-northeast-3?lang=ja');
    expect(page.status).toBe(404);
    expect(page.html).toContain('ap-northeast-3 には Amazon WorkSpaces がありません');
    expect(page.html).toContain('ap-northeast-1, eu-west-1, us-east-1');
    const odd = await get('/network/%3Cscript%3E?lang=en');
    expect(odd.status).toBe(404);
    expect(odd.html).not.toContain('<script>');
    expect(odd.html).toContain('&lt;script&gt;');
  });

  it('a protocol other than WSP or PCOIP is a 400 page', async () => {
    const page = await get('/network/ap-northeast-1?protocol=RDP&lang=en');
    expect(page.status).toBe(400);
    expect(page.html).toContain('Unknown streaming protocol');
    expect(page.html).not.toContain('<pre>');
  });
});
