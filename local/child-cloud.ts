import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * `npm start -- --data DIR` as a separate process that can be killed without warning (SIGKILL) and started
 * again on the same ports, data folder, webhook secret and admin token: what the crash bench does to the
 * local cloud. Its output is appended to `logFile`.
 */
export interface ChildCloud {
  urls: { http: string; dynamodb: string; ses: string; workspaces: string; stepfunctions: string };
  webhookSecret: string;
  adminToken: string;
  /** Starts the process and resolves once /_local/health says every service is up. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** A graceful stop (SIGTERM), for the end. */
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');

export async function childCloud(opts: {
  dataDir: string;
  logFile: string;
  args?: string[];
  webhookSecret?: string;
  adminToken?: string;
}): Promise<ChildCloud> {
  const ports = {
    http: await freePort(),
    dynamodb: await freePort(),
    ses: await freePort(),
    workspaces: await freePort(),
    stepfunctions: await freePort(),
  };
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const webhookSecret =
    opts.webhookSecret ?? `whsec_${Buffer.from('crash-bench-secret-0123456789').toString('base64')}`;
  const adminToken = opts.adminToken ?? 'adm_crash_bench';
  const log: WriteStream = createWriteStream(opts.logFile, { flags: 'a' });
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const cloud: ChildCloud = {
    urls: {
      http: url(ports.http),
      dynamodb: url(ports.dynamodb),
      ses: url(ports.ses),
      workspaces: url(ports.workspaces),
      stepfunctions: url(ports.stepfunctions),
    },
    webhookSecret,
    adminToken,
    async start() {
      log.write(`\n---- start ${new Date().toISOString()}\n`);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'local', 'start.ts'), '--data', opts.dataDir, ...(opts.args ?? [])],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            HTTP_PORT: String(ports.http),
            DYNAMODB_PORT: String(ports.dynamodb),
            SES_PORT: String(ports.ses),
            WORKSPACES_PORT: String(ports.workspaces),
            STEPFUNCTIONS_PORT: String(ports.stepfunctions),
            // The HR vendor fakes: any free port (the bench talks to /webhooks/hr only).
            HR_APIS_PORT: '0',
            SNS_PORT: '0',
            WEBHOOK_SECRET: webhookSecret,
            ADMIN_TOKEN: adminToken,
            LOCAL_CLOUD_SESSION_FILE: join(opts.dataDir, 'session.json'),
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      proc = child;
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      exited = new Promise((done) => child.once('exit', () => done()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`the local cloud exited (${child.exitCode}); see ${opts.logFile}`);
        const ok = await fetch(`${cloud.urls.http}/_local/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) return;
        if (Date.now() > deadline) throw new Error(`the local cloud did not come up; see ${opts.logFile}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async kill() {
      proc?.kill('SIGKILL');
      await exited;
      log.write(`---- SIGKILL ${new Date().toISOString()}\n`);
    },
    async stop() {
      proc?.kill('SIGTERM');
      await exited;
      await new Promise<void>((done) => log.end(done));
    },
  };
  return cloud;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
