import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { emailLedgerKey, hireKey, LEDGER_PREFIX } from './keys';
import { conditionHeld, ignoreConditionFailed, itemsOfHire, type TableDeps } from './table';

/** One email of the send-once ledger, as the admin status shows it. */
export interface LedgerEntry {
  ledgerKey: string;
  status: 'PENDING' | 'SENT';
  claimedAt?: string;
  sentAt?: string;
  messageId?: string;
  /** Who the email went to (kept from when it was sent; absent on older entries). */
  to?: string[];
}

export type EmailClaim = 'claimed' | 'already-sent' | 'in-progress';

/**
 * The send-once ledger (`HIRE#<id>` / `EMAIL#<ledger key>`): SES SendEmail takes no idempotency token, so
 * every email is claimed here first and marked SENT after SES's answer (or by SES's "Email Sent" event).
 */
export interface EmailLedger {
  /** Claims the email; a PENDING claim older than `staleAfterMs` was left by a crash and is taken over. */
  claim(hireId: string, ledgerKey: string, staleAfterMs: number): Promise<EmailClaim>;
  markSent(hireId: string, ledgerKey: string, messageId: string, to?: string[]): Promise<void>;
  /** SES says it sent this email (its "Email Sent" event): SENT unless it is already. False when it was. */
  confirmSent(hireId: string, ledgerKey: string, messageId: string): Promise<boolean>;
  /** Nothing went out: frees a PENDING claim for a retry. */
  release(hireId: string, ledgerKey: string): Promise<void>;
  /** Every email of a hire claimed or sent, oldest key first. */
  entries(hireId: string): Promise<LedgerEntry[]>;
}

export function createEmailLedger(deps: TableDeps): EmailLedger {
  const { client, tableName: TableName } = deps;
  return {
    async claim(hireId, ledgerKey, staleAfterMs) {
      const now = deps.now();
      const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...emailLedgerKey(hireId, ledgerKey), status: 'PENDING', claimedAt: now.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :pending AND claimedAt < :stale)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING', ':stale': staleBefore },
          }),
        );
        return 'claimed';
      } catch (err) {
        ignoreConditionFailed(err);
        const out = await client.send(
          new GetCommand({ TableName, Key: emailLedgerKey(hireId, ledgerKey), ConsistentRead: true }),
        );
        return out.Item?.status === 'SENT' ? 'already-sent' : 'in-progress';
      }
    },

    async markSent(hireId, ledgerKey, messageId, to) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: emailLedgerKey(hireId, ledgerKey),
          UpdateExpression: `SET #status = :sent, messageId = :id, sentAt = :now${to ? ', #to = :to' : ''}`,
          ExpressionAttributeNames: { '#status': 'status', ...(to ? { '#to': 'to' } : {}) },
          ExpressionAttributeValues: {
            ':sent': 'SENT',
            ':id': messageId,
            ':now': deps.now().toISOString(),
            ...(to ? { ':to': to } : {}),
          },
        }),
      );
    },

    async confirmSent(hireId, ledgerKey, messageId) {
      return conditionHeld(
        client.send(
          new UpdateCommand({
            TableName,
            Key: emailLedgerKey(hireId, ledgerKey),
            UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :now',
            ConditionExpression: 'attribute_not_exists(pk) OR #status <> :sent',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'SENT',
              ':id': messageId,
              ':now': deps.now().toISOString(),
            },
          }),
        ),
      );
    },

    async release(hireId, ledgerKey) {
      await client
        .send(
          new DeleteCommand({
            TableName,
            Key: emailLedgerKey(hireId, ledgerKey),
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING' },
          }),
        )
        .catch(ignoreConditionFailed);
    },

    async entries(hireId) {
      const items = await itemsOfHire(deps, hireKey(hireId).pk, LEDGER_PREFIX);
      return items.map(({ pk: _pk, sk, ...rest }) => ({
        ...(rest as Omit<LedgerEntry, 'ledgerKey'>),
        ledgerKey: String(sk).slice(LEDGER_PREFIX.length),
      }));
    },
  };
}
