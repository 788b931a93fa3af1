import { describe, expect, it } from 'vitest';
import { parseListQuery } from '../../src/admin/query-schema';

describe('parseListQuery (GET /admin/hires)', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseListQuery({})).toEqual({ ok: true, query: { limit: 25 } });
  });

  it('reads every value', () => {
    expect(
      parseListQuery({
        stage: 'invited',
        limit: '100',
        since: '2025-04-01',
        olderThan: '1d12h',
        cursor: 'abc',
      }),
    ).toEqual({
      ok: true,
      query: {
        stage: 'INVITED',
        limit: 100,
        since: '2025-04-01T00:00:00.000Z',
        olderThanMs: 36 * 3_600_000,
        cursor: 'abc',
      },
    });
  });

  it('lists every bad value at once, in the order of the query', () => {
    expect(parseListQuery({ stage: 'LOST', limit: '0', since: 'yesterday', olderThan: '7' })).toEqual({
      ok: false,
      errors: [
        { field: 'stage', message: 'unknown stage' },
        { field: 'limit', message: 'must be a whole number from 1 to 100' },
        { field: 'since', message: 'must be a date or time, e.g. 2025-04-01' },
        { field: 'olderThan', message: 'needs a unit, e.g. 2d, 36h, 90m or 250ms' },
      ],
    });
  });

  it.each(['', '1.5', '101', 'ten', '-1'])('refuses the limit %j', (limit) => {
    expect(parseListQuery({ limit })).toEqual({
      ok: false,
      errors: [{ field: 'limit', message: 'must be a whole number from 1 to 100' }],
    });
  });

  it('refuses a bare number as olderThan: 7 would mean 7 ms, every hire', () => {
    expect(parseListQuery({ olderThan: '7' })).toEqual({
      ok: false,
      errors: [{ field: 'olderThan', message: 'needs a unit, e.g. 2d, 36h, 90m or 250ms' }],
    });
    expect(parseListQuery({ olderThan: '7d!!' })).toEqual({
      ok: false,
      errors: [{ field: 'olderThan', message: 'must be a duration like 2d, 36h, 90m or 250ms' }],
    });
    expect(parseListQuery({ olderThan: '12h' })).toEqual({
      ok: true,
      query: { limit: 25, olderThanMs: 43_200_000 },
    });
  });

  it('drops an empty cursor', () => {
    expect(parseListQuery({ cursor: '' })).toEqual({ ok: true, query: { limit: 25 } });
  });
});
