import { createServer, request } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '@workspaces-onboarding/local-cloud';
import { closeServer, listen, readBody, sendProblem } from '@workspaces-onboarding/local-cloud/http';

/** DynamoDB takes requests up to 16 MB (a BatchWriteItem of 25 items of 400 KB fits). */
const DYNAMODB_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/**
 * The local cloud for the bench (ports 0, quiet), with a counting proxy in front of dynalite: the
 * product's functions reach DynamoDB only through it, so every request they make is counted by operation,
 * with the capacity units dynalite reports (we ask for ReturnConsumedCapacity=TOTAL on the way through) and
 * the items each read looked at. The bench's own reads go straight to dynalite and are not counted.
 */
export interface DynamoCounts {
  byOperation: Record<string, { requests: number; capacityUnits: number; itemsRead: number }>;
  /** Writes whose request names a GSI key attribute (workPk/duePk/watchPk): each also writes the index. */
  indexWrites: number;
}

export interface BenchCloud {
  cloud: LocalCloud;
  dynamoCounts(): DynamoCounts;
  resetDynamoCounts(): void;
  /** A document client straight to dynalite (not counted). */
  db: DynamoDBDocumentClient;
  tableName: string;
  getJson<T = any>(url: string): Promise<T>;
  postJson<T = any>(url: string, body: unknown): Promise<T>;
  advance(duration: string | number): Promise<void>;
  /** Hire items by stage, read with a Scan straight from dynalite. */
  stageCounts(): Promise<Record<string, number>>;
  /** FAILED hires by the error recorded on them. */
  failureCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const CAPACITY_OPS = new Set([...WRITE_OPS, 'GetItem', 'BatchGetItem', 'Query', 'Scan']);
const CAPACITY_UNITS = /"CapacityUnits":(-?[0-9.]+(?:[eE][-+]?\d+)?)/g;
const SCANNED_COUNT = /"ScannedCount":(\d+)/;
const INDEX_KEY = /"(workPk|duePk|watchPk)"|\b(workPk|duePk|watchPk)\b/;

export async function startBenchCloud(options: LocalCloudOptions = {}): Promise<BenchCloud> {
  const cloud = await startLocalCloud({
    ports: { http: 0, dynamodb: 0, ses: 0, workspaces: 0, stepfunctions: 0, hrapis: 0 },
    log: () => undefined,
    ...options,
  });
  const target = new URL(cloud.urls.dynamodb);
  let counts: DynamoCounts = { byOperation: {}, indexWrites: 0 };

  const proxy = createServer(async (req, res) => {
    let body = await readBody(req, DYNAMODB_MAX_REQUEST_BYTES).catch(() => undefined);
    if (!body) return sendProblem(res, 413, 'request body too large');
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const text = body.toString('utf8');
    // Text, not JSON.parse: the proxy sits on every request of a run and must not be its own bottleneck.
    if (CAPACITY_OPS.has(op) && !text.includes('"ReturnConsumedCapacity"')) {
      body = Buffer.from(
        `{"ReturnConsumedCapacity":"TOTAL"${text.trim() === '{}' ? '' : ','}${text.trim().slice(1)}`,
      );
    }
    if (WRITE_OPS.has(op) && INDEX_KEY.test(text)) counts.indexWrites++;
    const headers = { ...req.headers, 'content-length': String(body.length), host: target.host };
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      async (up) => {
        const out: Buffer[] = [];
        for await (const chunk of up) out.push(chunk as Buffer);
        const answer = Buffer.concat(out);
        record(op, answer);
        res.writeHead(up.statusCode ?? 500, up.headers);
        res.end(answer);
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    upstream.end(body);
  });

  function record(op: string, answer: Buffer) {
    const entry = counts.byOperation[op] ?? { requests: 0, capacityUnits: 0, itemsRead: 0 };
    counts.byOperation[op] = entry;
    entry.requests++;
    const text = answer.toString('utf8');
    // Attribute values are typed objects ({"N":"5"}), so a bare number after these names is DynamoDB's own.
    for (const m of text.matchAll(CAPACITY_UNITS)) entry.capacityUnits += Number(m[1]);
    if (op === 'Query' || op === 'Scan') entry.itemsRead += Number(SCANNED_COUNT.exec(text)?.[1] ?? 0);
    if (op === 'GetItem' && text.includes('"Item":{')) entry.itemsRead += 1;
    if (op === 'BatchGetItem') {
      try {
        const out = JSON.parse(text);
        for (const items of Object.values(out.Responses ?? {}))
          entry.itemsRead += (items as unknown[]).length;
      } catch {
        // Not a JSON answer: nothing was read.
      }
    }
  }

  const proxyUrl = await listen(proxy, '127.0.0.1', 0);
  // The functions build their DynamoDB client on first use, from this variable.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = proxyUrl;

  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.urls.dynamodb,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const tableName = process.env.TABLE_NAME!;

  const send = async (url: string, init?: RequestInit) => {
    const res = await fetch(url, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const postJson = (url: string, body: unknown) =>
    send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  return {
    cloud,
    dynamoCounts: () => structuredClone(counts),
    resetDynamoCounts: () => {
      counts = { byOperation: {}, indexWrites: 0 };
    },
    db,
    tableName,
    getJson: (url) => send(url),
    postJson,
    advance: async (duration) => {
      await postJson(`${cloud.urls.http}/_local/clock`, { advance: duration });
    },
    stageCounts: () => countHires(db, tableName, (item) => item.stage),
    failureCounts: () =>
      countHires(db, tableName, (item) =>
        item.stage === 'FAILED' ? String(item.lastError?.error) : undefined,
      ),
    async stop() {
      db.destroy();
      await closeServer(proxy);
      await cloud.stop();
    },
  };
}

/** Hire items counted by `key` (undefined: not counted), read with a Scan straight from dynalite. */
async function countHires(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: (item: Record<string, any>) => string | undefined,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :hire',
        ProjectionExpression: 'stage, lastError',
        ExpressionAttributeValues: { ':hire': 'HIRE' },
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const k = key(item);
      if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
    }
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}

/** Writes `count` items straight into the table, 25 a batch on 8 writers, retrying what DynamoDB leaves unprocessed. */
export async function seedItems(
  bench: BenchCloud,
  count: number,
  item: (i: number) => Record<string, unknown>,
): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      let requests = Array.from({ length: next - from }, (_, k) => ({
        PutRequest: { Item: item(from + k) },
      }));
      while (requests.length) {
        const out = await bench.db.send(
          new BatchWriteCommand({ RequestItems: { [bench.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[bench.tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
}
