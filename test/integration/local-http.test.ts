import { createServer } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../local/clock';
import { startHrFakes } from '../../local/hr-fakes/server';
import { closeServer, listen } from '../../local/http';
import { startStepFunctions } from '../../local/stepfunctions';
import { startWorkspacesSimulator } from '../../local/workspaces-sim';

/** What every emulator does the same way: a busy port named plainly, an oversized body answered 413. */
describe('the emulators’ shared HTTP handling', () => {
  const clock = createLocalClock();
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('names the busy port and what to do, instead of a bare EADDRINUSE', async () => {
    const first = createServer();
    const url = await listen(first, '127.0.0.1', 0);
    closers.push(() => closeServer(first));
    const port = Number(new URL(url).port);
    await expect(startWorkspacesSimulator({ port, clock })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use: stop the other process or set another port`,
    );
  });

  it('answers 413 to a body over 1 MiB, and the server keeps serving', async () => {
    const sim = await startWorkspacesSimulator({ port: 0, clock });
    const sfn = await startStepFunctions({
      port: 0,
      clock,
      stateMachines: [],
      invokeLambda: async () => ({}),
    });
    const hr = await startHrFakes({ host: '127.0.0.1', port: 0, startDate: () => '2026-01-05' });
    closers.push(sim.close, sfn.close, hr.close);
    const huge = 'x'.repeat(1024 * 1024 + 1);
    const post = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers, body: huge }).then((r) => r.status);
    expect(await post(`${sim.url}/_sim/users`)).toBe(413);
    expect(await post(sfn.url, { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' })).toBe(413);
    expect(await post(`${hr.url}/_fake/reset`)).toBe(413);
    expect((await fetch(`${sim.url}/_sim/health`)).status).toBe(200);
    expect((await fetch(`${sfn.url}/health`)).status).toBe(200);
  });
});
