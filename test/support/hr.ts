import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { postSignedWebhook, sampleHire } from '@workspaces-onboarding/local-cloud';
import { hireKey, userNameClaimKey } from '../../src/kernel/table/keys';
import { executionArnFor } from '../../src/provisioning/adapters/stepfunctions';
import type { TestCloud } from './local-cloud';

/**
 * What the HR-facing tests share: signed HR events of any type, the admin API, the admins' inbox, and a
 * look behind the contract (the claim items, executions) where a crash has to be staged.
 */
export const ADMIN_ADDRESS = 'it-admins@example.co.jp';
export const SIMPLE_AD = 'd-95671a2b3c';
export const AD_CONNECTOR = 'd-90676d4e5f';

export function hrTools(cloud: TestCloud) {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.urls.dynamodb, region: cloud.region, credentials }),
  );
  const sfn = new SFNClient({ endpoint: cloud.urls.stepfunctions, region: cloud.region, credentials });
  const TableName = () => process.env.TABLE_NAME!;

  const post = (type: string, data: Record<string, unknown>, opts: { webhookId?: string } = {}) =>
    postSignedWebhook({
      baseUrl: cloud.urls.http,
      secret: cloud.webhookSecret,
      body: { type, data },
      ...(opts.webhookId ? { webhookId: opts.webhookId } : {}),
    });

  const tools = {
    post,
    /** `employee.hired` with the sample hire's fields, overridden by `data`. */
    hired: (data: Record<string, unknown>, opts: { webhookId?: string } = {}) =>
      post('employee.hired', sampleHire(data).data, opts),
    /** `employee.updated`: the same body as employee.hired. */
    updated: (data: Record<string, unknown>, opts: { webhookId?: string } = {}) =>
      post('employee.updated', sampleHire(data).data, opts),
    cancelled: (employeeId: string, opts: { webhookId?: string } = {}) =>
      post('employee.hire_cancelled', { employeeId }, opts),

    async admin(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
      const res = await fetch(cloud.urls.http + path, {
        method,
        headers: {
          authorization: `Bearer ${cloud.adminToken}`,
          ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },

    /** Alerts to the admins that mention this employee. */
    async alertsAbout(employeeId: string) {
      return (await cloud.inbox()).filter(
        (m) => m.destination.to.includes(ADMIN_ADDRESS) && m.body.text?.includes(employeeId),
      );
    },
    async mailsTo(address: string) {
      return (await cloud.inbox()).filter((m) => m.destination.to.includes(address));
    },

    async executionStatus(name: string) {
      try {
        const out = await sfn.send(
          new DescribeExecutionCommand({ executionArn: executionArnFor(cloud.stateMachineArn, name) }),
        );
        return out.status;
      } catch {
        return undefined;
      }
    },

    async claim(directoryId: string, userName: string) {
      const out = await doc.send(
        new GetCommand({
          TableName: TableName(),
          Key: userNameClaimKey(directoryId, userName),
          ConsistentRead: true,
        }),
      );
      return out.Item as { hireId: string; claimedAt: string } | undefined;
    },
    /** What a crash between the claim and the hire's creation leaves behind. */
    async putClaim(directoryId: string, userName: string, hireId: string, claimedAt: string) {
      await doc.send(
        new PutCommand({
          TableName: TableName(),
          Item: { ...userNameClaimKey(directoryId, userName), directoryId, userName, hireId, claimedAt },
        }),
      );
    },
    /** Claims as an older release keyed them (the user-name tests): any key, read and written as is. */
    async rawClaim(pk: string) {
      const out = await doc.send(
        new GetCommand({ TableName: TableName(), Key: { pk, sk: 'USER' }, ConsistentRead: true }),
      );
      return out.Item;
    },
    async putRawClaim(pk: string, directoryId: string, userName: string, hireId: string, claimedAt: string) {
      await doc.send(
        new PutCommand({
          TableName: TableName(),
          Item: { pk, sk: 'USER', directoryId, userName, hireId, claimedAt },
        }),
      );
    },
    async deleteClaim(directoryId: string, userName: string) {
      await doc.send(
        new DeleteCommand({ TableName: TableName(), Key: userNameClaimKey(directoryId, userName) }),
      );
    },
    /** What a crash after a reschedule's write leaves: the hire names a new execution, the old one runs on. */
    async setExecutionName(hireId: string, executionName: string) {
      await doc.send(
        new UpdateCommand({
          TableName: TableName(),
          Key: hireKey(hireId),
          UpdateExpression: 'SET executionName = :e ADD version :one',
          ExpressionAttributeValues: { ':e': executionName, ':one': 1 },
        }),
      );
    },
    /** A stage the product would not set by itself here (a missed event, say). */
    async setStage(hireId: string, stage: string) {
      await doc.send(
        new UpdateCommand({
          TableName: TableName(),
          Key: hireKey(hireId),
          UpdateExpression: 'SET #s = :s ADD version :one',
          ExpressionAttributeNames: { '#s': 'stage' },
          ExpressionAttributeValues: { ':s': stage, ':one': 1 },
        }),
      );
    },
    destroy() {
      doc.destroy();
      sfn.destroy();
    },
  };
  return tools;
}

/** `YYYY-MM-DD`, `days` after the local clock's today (UTC). */
export function dayAfter(cloud: TestCloud, days: number): string {
  return new Date(cloud.clock.nowMs() + days * 86_400_000).toISOString().slice(0, 10);
}
