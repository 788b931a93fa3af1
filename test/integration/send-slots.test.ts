import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendSlots } from '../../src/kernel/table/send-slots';
import { startServiceTable } from '../support/service-table';

// The shared SES pace's conditions on the table of serverless.yml (dynalite), as the unit tests' fake has them.
let table: Awaited<ReturnType<typeof startServiceTable>> | undefined;
let client: DynamoDBDocumentClient;
let tableName = '';

beforeAll(async () => {
  table = await startServiceTable();
  ({ client, tableName } = table);
});

afterAll(async () => {
  await table?.close();
});

describe('send slots in DynamoDB', () => {
  it('a second takes recipients up to the rate, concurrent takers included, then refuses', async () => {
    const slots = createSendSlots({ client, tableName });
    const taken = await Promise.all(Array.from({ length: 8 }, () => slots.take(1_800_000_000, 1, 5)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await slots.take(1_800_000_001, 2, 5)).toBe(true);
    expect(await slots.take(1_800_000_001, 4, 5)).toBe(false);
  });

  it('the quota room: nothing known refuses; a take keeps the reserve; a reset waits a minute', async () => {
    const slots = createSendSlots({ client, tableName });
    expect(await slots.takeQuota(1, 0)).toBe(false);
    const at = { clockMs: 1_800_000_000_000, realMs: 1_800_000_000_000 };
    await slots.setQuota(3, at);
    expect(await slots.takeQuota(1, 1)).toBe(true);
    expect(await slots.takeQuota(1, 1)).toBe(true);
    expect(await slots.takeQuota(1, 1)).toBe(false);
    expect(await slots.takeQuota(1, 0)).toBe(true); // the reserve, for the quota alert
    await slots.setQuota(10, { clockMs: at.clockMs + 1000, realMs: at.realMs + 1000 });
    expect(await slots.takeQuota(1, 0)).toBe(false); // too soon: the room stays as it was
    await slots.setQuota(10, { clockMs: at.clockMs + 61_000, realMs: at.realMs + 31_000 });
    expect(await slots.takeQuota(1, 0)).toBe(true);
  });
});
