import { describe, expect, it } from 'vitest';
import { cachedFor } from '../../src/adapters/ip-ranges-source';
import { networkPageLocale } from '../../src/email/network-page';

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
