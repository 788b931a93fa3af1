import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KeyLocks } from './key-locks';

/**
 * TransactWriteItems in front of dynalite, which has none, as the botocore `dynamodb` model (2012-08-10)
 * and AWS's pages describe it (docs/aws-facts.md, "DynamoDB transactions"):
 *
 * - 1 to 100 actions, each exactly one of ConditionCheck, Put, Update, Delete; no two on one item
 *   (ValidationException); each action validated as its single-item operation is;
 * - every condition is checked first, with the items locked, then every write is made: all or nothing.
 *   A refusal is TransactionCanceledException with one CancellationReason per action in request order
 *   (`ConditionalCheckFailed`, or `None`), the item when `ReturnValuesOnConditionCheckFailure` is ALL_OLD;
 * - a `ClientRequestToken` makes a successful call idempotent for 10 minutes after it completed; the same
 *   token with other parameters is IdempotentParameterMismatchException, one still running
 *   TransactionInProgressException.
 *
 * Every other write (PutItem, UpdateItem, DeleteItem, BatchWriteItem) takes the same per-item lock, so no
 * write slips between a transaction's checks and its writes; GetItem and BatchGetItem wait for a
 * transaction on their items, so they never see half of one. With a journal folder (`--data`), the items'
 * earlier images are written there (fsync) before the first write and removed after the last: a process
 * killed in between finds the journal at its next start and puts those images back, so a transaction is
 * never left half made (its caller had no answer, and retries).
 */
const TARGET_PREFIX = 'DynamoDB_20120810.';
const MAX_ACTIONS = 100;
const BATCH_WRITE_MAX = 25;
/** How long closing waits for the requests still running. */
const IDLE_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const TOKEN_WINDOW_MS = 10 * 60_000;
const KINDS = ['ConditionCheck', 'Put', 'Update', 'Delete'] as const;
type Kind = (typeof KINDS)[number];
type Item = Record<string, unknown>;
type Answer = { status: number; body: unknown };

const require = createRequire(import.meta.url);
const validations = require('dynalite/validations/index.js');
const db = require('dynalite/db/index.js');
/** Each action is validated as its single-item operation is. */
const SINGLE_RULES: Record<Kind, { types: unknown; custom?: unknown }> = {
  ConditionCheck: require('dynalite/validations/deleteItem.js'),
  Put: require('dynalite/validations/putItem.js'),
  Update: require('dynalite/validations/updateItem.js'),
  Delete: require('dynalite/validations/deleteItem.js'),
};
/** The operations that lock (or wait for) the items they name. */
const ITEM_OPS = new Set([
  'TransactWriteItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'GetItem',
  'BatchGetItem',
]);
const VALIDATION_STORE = { options: { maxItemSize: 400 * 1024 } };
const AUTH_HEADERS = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
  'x-amz-date': '20260101T000000Z',
};

interface Action {
  kind: Kind;
  table: string;
  key: Item;
  lockKey: string;
  /** The single-item request the action is checked and written as. */
  request: Item;
  returnOld: boolean;
}

export interface TransactionLayer {
  /** The request listener for the DynamoDB endpoint: transactions here, everything else to dynalite. */
  handle: RequestListener;
  /** Puts back the items of transactions a killed process left half made (journal folder only). */
  recover(): Promise<number>;
  /** Resolves when every request taken so far is done with dynalite (before dynalite's store closes). */
  idle(): Promise<void>;
}

export function createTransactionLayer(opts: {
  dynalite: RequestListener;
  tables: { TableName: string; KeySchema: { AttributeName: string; KeyType: string }[] }[];
  journalDir?: string;
  nowMs?: () => number;
  /** Runs between a transaction's checks and its writes (tests: a write racing into that moment). */
  afterChecks?: () => Promise<void>;
}): TransactionLayer {
  const nowMs = opts.nowMs ?? Date.now;
  const locks = new KeyLocks();
  const keyNames = new Map(
    opts.tables.map((t) => [t.TableName, [...t.KeySchema].sort(hashFirst).map((k) => k.AttributeName)]),
  );
  const tokens = new Map<string, { hash: string; doneAtMs?: number }>();
  let journalSeq = 0;
  if (opts.journalDir) mkdirSync(opts.journalDir, { recursive: true });

  const lockKeyOf = (table: string, item: Item | undefined): string | undefined => {
    const names = keyNames.get(table);
    if (!names || !item || typeof item !== 'object') return undefined;
    return `${table}\u0000${JSON.stringify(names.map((n) => item[n]))}`;
  };

  /** The key attributes of an item. */
  const keyOf = (table: string, item: Item): Item =>
    Object.fromEntries((keyNames.get(table) ?? []).map((n) => [n, item[n]]));

  /** One single-item operation straight to dynalite, in this process. */
  const call = (op: string, data: unknown): Promise<Answer> =>
    new Promise((resolve) => {
      const body = Buffer.from(JSON.stringify(data));
      const req = Object.assign(Readable.from([body]), {
        method: 'POST',
        url: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': TARGET_PREFIX + op,
          ...AUTH_HEADERS,
        },
      });
      const res = {
        statusCode: 200,
        setHeader() {},
        end(text: string) {
          resolve({ status: this.statusCode, body: text ? JSON.parse(text) : {} });
        },
      };
      opts.dynalite(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    });

  async function transactWrite(input: Item): Promise<Answer> {
    const parsed = parseActions(input, lockKeyOf, keyOf);
    if ('status' in parsed) return parsed;
    const { actions } = parsed;
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
    const hash = createHash('sha256')
      .update(JSON.stringify({ ...input, ReturnConsumedCapacity: undefined }))
      .digest('hex');
    if (token) {
      const known = tokens.get(token);
      if (known && known.doneAtMs !== undefined && nowMs() - known.doneAtMs > TOKEN_WINDOW_MS) {
        tokens.delete(token);
      } else if (known) {
        if (known.hash !== hash) {
          return error(
            400,
            'IdempotentParameterMismatchException',
            'the token was used with other parameters',
          );
        }
        if (known.doneAtMs === undefined) {
          return error(400, 'TransactionInProgressException', 'a transaction with this token is in progress');
        }
        return { status: 200, body: {} };
      }
      tokens.set(token, { hash });
    }
    try {
      const answer = await locks.withKeys(
        actions.map((a) => a.lockKey),
        () => checkThenWrite(actions, input.ReturnConsumedCapacity),
      );
      if (token) {
        if (answer.status === 200) tokens.set(token, { hash, doneAtMs: nowMs() });
        else tokens.delete(token);
      }
      return answer;
    } catch (err) {
      if (token) tokens.delete(token);
      throw err;
    }
  }

  /**
   * The items the actions name as they are now, in the actions' order: one consistent BatchGetItem (at most
   * 100 keys, as many as a transaction has actions), matched back by key since it answers in any order.
   */
  async function readItems(actions: Action[]): Promise<(Item | undefined)[] | Answer> {
    const RequestItems: Record<string, { Keys: Item[]; ConsistentRead: true }> = {};
    for (const a of actions) {
      RequestItems[a.table] ??= { Keys: [], ConsistentRead: true };
      RequestItems[a.table]!.Keys.push(a.key);
    }
    const got = await call('BatchGetItem', { RequestItems });
    if (got.status !== 200) return got;
    const found = new Map<string, Item>();
    const body = got.body as {
      Responses?: Record<string, Item[]>;
      UnprocessedKeys?: Record<string, unknown>;
    };
    if (Object.keys(body.UnprocessedKeys ?? {}).length) throw new Error('transaction read left keys unread');
    for (const [table, items] of Object.entries(body.Responses ?? {}))
      for (const item of items) found.set(lockKeyOf(table, item)!, item);
    return actions.map((a) => found.get(a.lockKey));
  }

  /**
   * The writes, once every condition held: Puts and Deletes in BatchWriteItem calls of at most 25 (their
   * conditions are checked already), Updates one by one (BatchWriteItem has none), all side by side.
   */
  async function writeItems(writes: Action[], capacity: unknown): Promise<number> {
    const withCapacity = capacity && capacity !== 'NONE' ? { ReturnConsumedCapacity: 'TOTAL' } : {};
    const batched = writes.filter((a) => a.kind !== 'Update');
    const calls: Promise<Answer>[] = [];
    for (let i = 0; i < batched.length; i += BATCH_WRITE_MAX) {
      const RequestItems: Record<string, Item[]> = {};
      for (const a of batched.slice(i, i + BATCH_WRITE_MAX)) {
        RequestItems[a.table] ??= [];
        RequestItems[a.table]!.push(
          a.kind === 'Put' ? { PutRequest: { Item: a.request.Item } } : { DeleteRequest: { Key: a.key } },
        );
      }
      calls.push(call('BatchWriteItem', { RequestItems, ...withCapacity }));
    }
    for (const action of writes.filter((a) => a.kind === 'Update')) {
      const { _condition, _updates, ...request } = action.request;
      calls.push(call('UpdateItem', { ...request, ...withCapacity }));
    }
    let units = 0;
    for (const out of await Promise.all(calls)) {
      const body = out.body as {
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
        UnprocessedItems?: Record<string, unknown>;
      };
      if (out.status !== 200 || Object.keys(body.UnprocessedItems ?? {}).length) {
        throw new Error(`transaction write refused: ${JSON.stringify(out.body)}`);
      }
      for (const used of [body.ConsumedCapacity ?? []].flat()) units += (used.CapacityUnits ?? 0) * 2;
    }
    return units;
  }

  async function checkThenWrite(actions: Action[], capacity: unknown): Promise<Answer> {
    // The items are locked: read together, then written together.
    const olds = await readItems(actions);
    if (!Array.isArray(olds)) return olds;
    const failed = actions.map((action, i) => db.checkConditional(action.request, olds[i]) != null);
    if (failed.some(Boolean)) {
      const CancellationReasons = actions.map((action, i) => {
        if (!failed[i]) return { Code: 'None' };
        const old = olds[i];
        return {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(action.returnOld && old ? { Item: old } : {}),
        };
      });
      const codes = CancellationReasons.map((r) => r.Code).join(', ');
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
          CancellationReasons,
        },
      };
    }
    await opts.afterChecks?.();
    const writes = actions.filter((a) => a.kind !== 'ConditionCheck');
    const undo = writes.map((a) => ({ table: a.table, key: a.key, old: olds[actions.indexOf(a)] }));
    const journal = opts.journalDir
      ? writeJournal(opts.journalDir, `${nowMs()}-${journalSeq++}`, undo)
      : undefined;
    let units = 0;
    try {
      units = await writeItems(writes, capacity);
    } catch (err) {
      await restore(undo);
      throw err;
    } finally {
      if (journal) rmSync(journal, { force: true });
    }
    const checks = actions.length - writes.length;
    return {
      status: 200,
      body:
        capacity && capacity !== 'NONE'
          ? { ConsumedCapacity: [{ TableName: actions[0]!.table, CapacityUnits: units + 2 * checks }] }
          : {},
    };
  }

  /** Puts each item back as it was before a transaction (deleted when there was none). */
  async function restore(undo: { table: string; key: Item; old: Item | undefined }[]) {
    for (const u of undo) {
      const out = u.old
        ? await call('PutItem', { TableName: u.table, Item: u.old })
        : await call('DeleteItem', { TableName: u.table, Key: u.key });
      if (out.status !== 200) throw new Error(`transaction journal: cannot restore ${JSON.stringify(u.key)}`);
    }
  }

  /** The items a single-item write or read names, for the locks. */
  function keysOf(op: string, input: any): string[] {
    const table = input?.TableName;
    switch (op) {
      case 'PutItem':
        return [lockKeyOf(table, input.Item)].filter((k): k is string => !!k);
      case 'UpdateItem':
      case 'DeleteItem':
      case 'GetItem':
        return [lockKeyOf(table, input.Key)].filter((k): k is string => !!k);
      case 'BatchWriteItem':
        return Object.entries<any[]>(input?.RequestItems ?? {}).flatMap(([t, requests]) =>
          (Array.isArray(requests) ? requests : [])
            .map((r) => lockKeyOf(t, r?.PutRequest?.Item ?? r?.DeleteRequest?.Key))
            .filter((k): k is string => !!k),
        );
      case 'BatchGetItem':
        return Object.entries<any>(input?.RequestItems ?? {}).flatMap(([t, r]) =>
          (Array.isArray(r?.Keys) ? r.Keys : []).map((k: Item) => lockKeyOf(t, k)).filter(Boolean),
        );
      default:
        return [];
    }
  }

  // A request whose connection closed still runs to its end; the store must not close under it.
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const handle: RequestListener = (req, res) => {
    // Done once answered (dynalite or this layer calls end, even for a connection closed meanwhile), or
    // when the connection closed before the whole request arrived (then nothing runs).
    let done!: () => void;
    track(new Promise<void>((resolve) => (done = resolve)));
    const end = res.end;
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      done();
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
    req.once('close', () => {
      if (!req.complete) done();
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = String(req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
      let input: any;
      try {
        // Only the operations that name items are read here; dynalite reads every request itself.
        input = body.length && ITEM_OPS.has(op) ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        input = undefined;
      }
      const forward = () =>
        new Promise<void>((done) => {
          res.once('finish', done);
          res.once('close', done);
          const copy = Object.assign(Readable.from(body.length ? [body] : []), {
            method: req.method,
            url: req.url,
            headers: req.headers,
          });
          opts.dynalite(copy as unknown as IncomingMessage, res);
        });
      if (op === 'TransactWriteItems' && input) {
        transactWrite(input).then(
          (answer) => send(res, answer),
          (err) => send(res, error(500, 'InternalServerError', String(err))),
        );
        return;
      }
      const keys = keysOf(op, input);
      if (!keys.length) return void forward();
      if (op === 'GetItem' || op === 'BatchGetItem') void locks.whenFree(keys).then(forward);
      else void locks.withKeys(keys, forward);
    });
  };

  return {
    handle,
    async idle() {
      const giveUp = Date.now() + IDLE_WAIT_MS;
      while (inFlight.size && Date.now() < giveUp) {
        await Promise.race([Promise.allSettled([...inFlight]), sleep(giveUp - Date.now())]);
      }
    },
    async recover() {
      if (!opts.journalDir) return 0;
      const files = readdirSync(opts.journalDir).filter((f) => f.endsWith('.json'));
      for (const file of files) {
        const path = join(opts.journalDir, file);
        let undo: { table: string; key: Item; old: Item | undefined }[];
        try {
          undo = JSON.parse(readFileSync(path, 'utf8'));
        } catch {
          // Killed while writing the journal: no item was written yet.
          rmSync(path, { force: true });
          continue;
        }
        await restore(undo);
        rmSync(path, { force: true });
      }
      return files.length;
    },
  };
}

/** The actions of a request, checked as AWS checks them before anything is read; or the refusal. */
function parseActions(
  input: Item,
  lockKeyOf: (table: string, item: Item | undefined) => string | undefined,
  keyOf: (table: string, item: Item) => Item,
): { actions: Action[] } | Answer {
  const items = input.TransactItems;
  if (!Array.isArray(items)) {
    return validation("The parameter 'TransactItems' is required but was not present in the request");
  }
  if (items.length < 1 || items.length > MAX_ACTIONS) {
    const bound = items.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ACTIONS}`;
    return validation(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const token = input.ClientRequestToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
    return validation(
      "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length between 1 and 36",
    );
  }
  const actions: Action[] = [];
  for (const entry of items as Item[]) {
    const kinds = KINDS.filter((k) => entry?.[k] != null);
    if (kinds.length !== 1) {
      return validation('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const kind = kinds[0]!;
    const raw = { ...(entry[kind] as Item) };
    const returnOld = raw.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
    delete raw.ReturnValuesOnConditionCheckFailure;
    if (kind === 'ConditionCheck' && raw.ConditionExpression == null) {
      return validation("The parameter 'ConditionExpression' is required but was not present in the request");
    }
    let request: Item;
    try {
      const rules = SINGLE_RULES[kind];
      request = validations.checkTypes(raw, rules.types);
      validations.checkValidations(request, rules.types, rules.custom, VALIDATION_STORE);
    } catch (err: any) {
      if (err?.statusCode) return { status: err.statusCode, body: err.body };
      throw err;
    }
    const table = String(request.TableName);
    const key = (kind === 'Put' ? request.Item : request.Key) as Item;
    const lockKey = lockKeyOf(table, key);
    if (!lockKey) {
      return error(400, 'ResourceNotFoundException', 'Requested resource not found');
    }
    actions.push({ kind, table, key: keyOf(table, key), lockKey, request, returnOld });
  }
  const seen = new Set<string>();
  for (const a of actions) {
    if (seen.has(a.lockKey))
      return validation('Transaction request cannot include multiple operations on one item');
    seen.add(a.lockKey);
  }
  return { actions };
}

function writeJournal(dir: string, name: string, undo: unknown): string {
  const path = join(dir, `${name}.json`);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, JSON.stringify(undo));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}

const hashFirst = (a: { KeyType: string }, b: { KeyType: string }) =>
  a.KeyType === b.KeyType ? 0 : a.KeyType === 'HASH' ? -1 : 1;

const validation = (message: string): Answer =>
  error(400, 'ValidationException', message, 'com.amazon.coral.validate');

function error(
  status: number,
  type: string,
  message: string,
  ns = 'com.amazonaws.dynamodb.v20120810',
): Answer {
  return { status, body: { __type: `${ns}#${type}`, message } };
}

function send(res: ServerResponse, answer: Answer) {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
