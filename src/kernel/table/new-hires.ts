import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { HireEvent, HireRecord } from '../hire/record';
import type { UserNameClaim } from '../hire/user-name';
import type { WatchPolicy } from '../hire/watched-stages';
import { type Delivery, deliveryItem } from './deliveries';
import { newHireItem } from './hires';
import { historyItem } from './history';
import { hireFromItem, hireKey, userNameClaimKeys } from './keys';
import { type TableDeps, withoutKeys } from './table';
import { claimItem } from './user-name-claims';

/** A new hire as the webhook accepts it: everything its first write holds. */
export interface NewHire {
  record: HireRecord;
  /** When its readiness check is due, if it has one. */
  readyAt?: string;
  /** The delivery that brought it (its hire id is the record's). */
  delivery: Omit<Delivery, 'hireId'>;
  deliveryExpiresAtSeconds: number;
  /** Its first history line (stage: the record's). */
  event: Omit<HireEvent, 'at' | 'stage'>;
  /** Other ids this employee's hire may be stored under (storedHireIdsFor): none may exist. */
  otherHireIds: string[];
  /** The claims under the name's older keys were judged by the caller already (dead, or this hire's). */
  olderClaimsJudged?: boolean;
}

/** Why a new hire was not written; each part is what the table holds, read in the same refusal. */
export interface NewHireRefusal {
  /** The webhook id was seen with other content (a replay). */
  delivery?: Delivery;
  /** The employee's hire exists already (under its id or an older one). */
  hire?: HireRecord;
  /** Another hire holds the user name's claim. */
  claim?: UserNameClaim;
  /** Other hires hold claims under the name's older (lower-cased) keys. */
  olderClaims?: UserNameClaim[];
}

export type NewHireOutcome = { created: true } | { created: false; refused: NewHireRefusal };

/**
 * A new hire in one write: the delivery record, the user-name claim, the hire item and its first history
 * line, all or nothing, each under its own condition (a delivery seen with other content, a claim another
 * hire holds, a hire that exists). A refusal says which, with the items in the way.
 */
export interface NewHires {
  create(hire: NewHire): Promise<NewHireOutcome>;
}

/** AWS answers a concurrent transaction on one of the items with this reason: try again, a few times. */
const CONFLICT_ATTEMPTS = 3;

export function createNewHires(deps: TableDeps & { watch?: WatchPolicy }): NewHires {
  const { client, tableName: TableName } = deps;
  const allOld = { TableName, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };

  /** One transaction; a conflict with a concurrent one is tried again unless this is the `last` attempt. */
  async function attempt(hire: NewHire, last: boolean): Promise<NewHireOutcome | 'conflict'> {
    const { record } = hire;
    const hireId = record.hireId;
    const now = deps.now();
    const claim = { directoryId: record.directoryId, userName: record.person.userName, hireId };
    const [, ...olderKeys] = userNameClaimKeys(claim.directoryId, claim.userName);
    const mine = { ':me': hireId };
    const parts: ('delivery' | 'claim' | 'hire' | 'event' | 'otherHire' | 'olderClaim')[] = [];
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [];
    const add = (part: (typeof parts)[number], item: (typeof items)[number]) => {
      parts.push(part);
      items.push(item);
    };
    add('delivery', {
      Put: {
        ...allOld,
        Item: deliveryItem({ ...hire.delivery, hireId }, hire.deliveryExpiresAtSeconds),
        // The same delivery again (a sender's retry) passes; the same id on other content does not.
        ConditionExpression: 'attribute_not_exists(pk) OR bodyHash = :hash',
        ExpressionAttributeValues: { ':hash': hire.delivery.bodyHash },
      },
    });
    add('claim', {
      Put: {
        ...allOld,
        Item: claimItem(claim, now),
        ConditionExpression: 'attribute_not_exists(pk) OR hireId = :me',
        ExpressionAttributeValues: mine,
      },
    });
    add('hire', {
      Put: {
        ...allOld,
        Item: newHireItem(record, hire.readyAt ? { readyAt: hire.readyAt } : {}, {
          now,
          ...(deps.watch ? { policy: deps.watch } : {}),
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    add('event', {
      Put: { TableName, Item: historyItem(hireId, { ...hire.event, stage: record.stage }, now) },
    });
    for (const id of hire.otherHireIds) {
      add('otherHire', {
        ConditionCheck: { ...allOld, Key: hireKey(id), ConditionExpression: 'attribute_not_exists(pk)' },
      });
    }
    if (!hire.olderClaimsJudged) {
      for (const Key of olderKeys) {
        add('olderClaim', {
          ConditionCheck: {
            ...allOld,
            Key,
            ConditionExpression: 'attribute_not_exists(pk) OR hireId = :me',
            ExpressionAttributeValues: mine,
          },
        });
      }
    }
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return { created: true };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, i) =>
        reason.Code === 'ConditionalCheckFailed' && reason.Item
          ? [{ part: parts[i]!, item: unmarshall(reason.Item) }]
          : [],
      );
      if (!failed.length) {
        if (!last && reasons.some((r) => r.Code === 'TransactionConflict')) return 'conflict';
        throw err;
      }
      const refused: NewHireRefusal = {};
      for (const { part, item } of failed) {
        if (part === 'delivery') refused.delivery = withoutKeys(item) as unknown as Delivery;
        if (part === 'hire' || part === 'otherHire') refused.hire = hireFromItem(item);
        if (part === 'claim') refused.claim = withoutKeys(item) as unknown as UserNameClaim;
        if (part === 'olderClaim') {
          refused.olderClaims = [
            ...(refused.olderClaims ?? []),
            withoutKeys(item) as unknown as UserNameClaim,
          ];
        }
      }
      return { created: false, refused };
    }
  }

  return {
    async create(hire) {
      for (let n = 1; ; n++) {
        const outcome = await attempt(hire, n >= CONFLICT_ATTEMPTS);
        if (outcome !== 'conflict') return outcome;
      }
    },
  };
}
