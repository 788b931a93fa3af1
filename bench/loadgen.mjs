// The bench's load generator (plain JS: it runs in a worker thread, on the other core than the server).
// A fixed number of connections, each sending the next prepared request as soon as its last one answered,
// for warmupMs (not recorded) and then durationMs (recorded: status and latency of every response).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, concurrency, warmupMs, durationMs, requests } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send({ headers, body }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

let next = 0;
const latencies = [];
const statuses = {};
let answeredOk = 0; // warm-up included
const begin = performance.now();
const measureFrom = begin + warmupMs;
const end = measureFrom + durationMs;

async function connection() {
  while (performance.now() < end && next < requests.length) {
    const sentAt = performance.now();
    const { status, ms } = await send(requests[next++]);
    if (status >= 200 && status < 300) answeredOk++;
    if (sentAt < measureFrom) continue;
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
  }
}

await Promise.all(Array.from({ length: concurrency }, connection));
agent.destroy();
parentPort.postMessage({
  latencies,
  statuses,
  answeredOk,
  // Requests sent inside the window are counted when they answer, so the window ends with the last answer.
  measuredMs: performance.now() - measureFrom,
  exhausted: next >= requests.length,
});
