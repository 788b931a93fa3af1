import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../local/clock';
import { loadWorkflowFile, startStepFunctions } from '../../local/stepfunctions';
import { readJournal } from '../../local/stepfunctions/journal';

const ROOT = join(import.meta.dirname, '../..');
const REGION = 'ap-northeast-1';
const MACHINE = `arn:aws:states:${REGION}:000000000000:stateMachine:wait`;
const executionArn = (name: string) => `arn:aws:states:${REGION}:000000000000:execution:wait:${name}`;

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The endpoint in a child process journaling to `file`, so the test can kill it without warning. */
async function startChild(file: string): Promise<{ child: ChildProcess; sfn: SFNClient }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/support/stepfunctions-child.ts'), file],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the endpoint exited (${code}) before it was ready`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  const sfn = new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return { child, sfn };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('the local Step Functions journal (npm start -- --data)', () => {
  it('holds every execution StartExecution answered for, and every stop, when the process is SIGKILLed right after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-journal-'));
    dirs.push(dir);
    const file = join(dir, 'stepfunctions.json');
    const { child, sfn } = await startChild(file);

    const stopped = 'stopped-one';
    await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: stopped, input: '{}' }));
    await sfn.send(new StopExecutionCommand({ executionArn: executionArn(stopped), cause: 'test' }));

    // 100 starts at once; the process dies the moment the 50th answer arrives, the others still in flight.
    const answered: string[] = [];
    let kill: Promise<void> | undefined;
    await Promise.allSettled(
      Array.from({ length: 100 }, async (_, i) => {
        const name = `hire-${i}`;
        await sfn.send(
          new StartExecutionCommand({ stateMachineArn: MACHINE, name, input: JSON.stringify({ i }) }),
        );
        answered.push(name);
        if (answered.length === 50) kill = killed(child);
      }),
    );
    await kill;
    sfn.destroy();
    expect(answered.length).toBeGreaterThanOrEqual(50);

    const journal = new Map(readJournal(file).map((e) => [e.name, e]));
    for (const name of answered) expect(journal.get(name), name).toMatchObject({ status: 'RUNNING' });
    expect(journal.get(stopped)).toMatchObject({ status: 'ABORTED', cause: 'test' });

    // A restart picks them up: the answered ones run again, the stopped one stays stopped.
    const restarted = await startStepFunctions({
      clock: createLocalClock(),
      port: 0,
      stateFile: file,
      stateMachines: [
        {
          name: 'wait',
          definition: await loadWorkflowFile(join(ROOT, 'test/fixtures/workflows/wait.asl.json'), (k) => k),
        },
      ],
      invokeLambda: async () => null,
    });
    try {
      const describe = (name: string) =>
        restarted.service.handle('DescribeExecution', { executionArn: executionArn(name) });
      for (const name of answered) expect(await describe(name)).toMatchObject({ status: 'RUNNING' });
      expect(await describe(stopped)).toMatchObject({ status: 'ABORTED' });
      // A repeated start of a running execution is still the same execution, as on AWS.
      await expect(
        restarted.service.handle('StartExecution', {
          stateMachineArn: MACHINE,
          name: answered[0],
          input: journal.get(answered[0]!)!.input,
        }),
      ).resolves.toMatchObject({ executionArn: executionArn(answered[0]!) });
    } finally {
      await restarted.close();
    }
    // Closing kept them RUNNING in the journal (they resume on the next start), one line each.
    const after = readJournal(file);
    expect(after.filter((e) => e.status === 'RUNNING').map((e) => e.name)).toEqual(
      expect.arrayContaining(answered),
    );
    expect(new Set(after.map((e) => e.name)).size).toBe(after.length);
  });

  it('skips a last line the kill cut short (it was never acknowledged), and refuses a broken one before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-journal-'));
    dirs.push(dir);
    const file = join(dir, 'stepfunctions.json');
    const { writeFileSync } = await import('node:fs');
    const entry = { machineName: 'wait', name: 'a', input: '{}', status: 'RUNNING', startDate: 1 };
    writeFileSync(file, `${JSON.stringify(entry)}\n${JSON.stringify({ ...entry, name: 'b' }).slice(0, 30)}`);
    expect(readJournal(file)).toEqual([entry]);
    writeFileSync(file, `{"machineName":\n${JSON.stringify(entry)}\n`);
    expect(() => readJournal(file)).toThrow(/line 1 is not JSON/);
  });

  it('reads a journal of the earlier snapshot format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-journal-'));
    dirs.push(dir);
    const file = join(dir, 'stepfunctions.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        executions: [
          { machineName: 'wait', name: 'old', input: '{}', status: 'SUCCEEDED', startDate: 1, stopDate: 2 },
        ],
      }),
    );
    expect(readJournal(file)).toEqual([
      { machineName: 'wait', name: 'old', input: '{}', status: 'SUCCEEDED', startDate: 1, stopDate: 2 },
    ]);
  });
});
