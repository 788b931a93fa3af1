import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkPageFunction } from '../../functions/network-page/handler';
import { TransientError } from '../../src/kernel/errors';
import { cachedFor } from '../../src/network/adapters/ip-ranges-source';
import { networkPageLocale } from '../../src/network/emails/network-page-html';
import type { NetworkPageDeps } from '../../src/network/network-page';
import { appWorld } from '../support/fakes';
import { httpRequest, lambdaContext } from '../support/lambda';

describe('the network page’s language', () => {
  const LOCALES = ['en', 'ja'];
  it('?lang= first, then Accept-Language by q-value, then the company default', () => {
    expect(networkPageLocale('ja', 'en', LOCALES, 'en')).toBe('ja');
    expect(networkPageLocale('ja-JP', undefined, LOCALES, 'en')).toBe('ja');
    expect(networkPageLocale(undefined, 'fr, en;q=0.5, ja;q=0.8', LOCALES, 'en')).toBe('ja');
    expect(networkPageLocale(undefined, 'en-US,en;q=0.9', LOCALES, 'ja')).toBe('en');
    expect(networkPageLocale('de', 'fr, *;q=0.1', LOCALES, 'ja')).toBe('ja');
    expect(networkPageLocale(undefined, 'ja;q=0, en;q=0.1', LOCALES, 'ja')).toBe('en');
    // Only the company's languages: a company that writes Japanese only answers in Japanese.
    expect(networkPageLocale('en', 'en', ['ja'], 'ja')).toBe('ja');
  });
});

describe('ip-ranges.json kept for the page', () => {
  it('reads once within the time, again after it, and forgets a failed read', async () => {
    let now = 0;
    let reads = 0;
    let fail = false;
    const read = cachedFor(
      async () => {
        reads++;
        if (fail) throw new Error('download failed');
        return reads;
      },
      1000,
      () => now,
    );
    expect(await Promise.all([read(), read()])).toEqual([1, 1]);
    now = 999;
    expect(await read()).toBe(1);
    now = 1000;
    fail = true;
    await expect(read()).rejects.toThrow('download failed');
    fail = false;
    expect(await read()).toBe(3);
    expect(reads).toBe(3);
  });
});

describe('the network page’s function', () => {
  const config = appWorld().config;
  const open = (deps: NetworkPageDeps, query: Record<string, string> = {}) =>
    networkPageFunction(() => deps)(
      httpRequest('GET', '/network/ap-northeast-1', {
        pathParameters: { region: 'ap-northeast-1' },
        queryStringParameters: query,
        routePath: '/network/{region}',
      }),
      lambdaContext('networkPage'),
    );
  const ranges = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ip-ranges', 'ip-ranges-new.json'), 'utf8'),
  );

  it('answers the page with its CSP, for caches to keep a while', async () => {
    const res = await open({ config, readIpRanges: async () => ranges }, { lang: 'en', protocol: 'WSP' });
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['cache-control']).toBe('public, max-age=900');
    expect(res.headers?.vary).toBe('accept-language');
    expect(res.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('3.114.164.0/22');
  });

  it('a protocol it does not know is a 400 page without reading ip-ranges.json', async () => {
    let reads = 0;
    const res = await open(
      {
        config,
        readIpRanges: async () => {
          reads++;
          return ranges;
        },
      },
      { protocol: 'RDP' },
    );
    expect(res.statusCode).toBe(400);
    expect(reads).toBe(0);
  });

  it('a failed download is a 500 that says to try later, never kept by a cache', async () => {
    const res = await open({
      config,
      readIpRanges: async () => {
        throw new TransientError('GET https://ip-ranges.amazonaws.com/ip-ranges.json failed');
      },
    });
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['cache-control']).toBe('no-store');
    expect(res.body).toBe('The allowlist cannot be shown right now; please try again later.');
  });
});
