import { randomBytes } from 'node:crypto';
import { SfnApiError, StatesError } from './errors';

/** A `.waitForTaskToken` task waiting for SendTaskSuccess/SendTaskFailure. */
export interface PendingTask {
  executionArn: string;
  stateName: string;
  succeed(output: unknown): void;
  fail(error: StatesError): void;
  heartbeat(): void;
}

// Real tokens are long opaque base64 strings; ours are random and URL-safe so they can travel in links.
const TOKEN_PREFIX = 'AQ';
const TOKEN_SHAPE = /^AQ[A-Za-z0-9_-]{128}$/;

export class TaskTokens {
  private readonly open = new Map<string, PendingTask>();
  // Tokens of finished tasks stay known so a late or repeated call gets TaskTimedOut, as on AWS.
  private readonly closed = new Set<string>();

  issue(task: PendingTask): string {
    const token = TOKEN_PREFIX + randomBytes(96).toString('base64url');
    this.open.set(token, task);
    return token;
  }

  close(token: string): void {
    if (this.open.delete(token)) this.closed.add(token);
  }

  sendSuccess(token: unknown, output: unknown): void {
    const task = this.lookup(token);
    if (typeof output !== 'string') throw new SfnApiError('ValidationException', 'output is required');
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      throw new SfnApiError(
        'InvalidOutput',
        'Invalid State Machine Execution Output: output is not valid JSON',
      );
    }
    this.close(token as string);
    task.succeed(value);
  }

  sendFailure(token: unknown, error: unknown, cause: unknown): void {
    const task = this.lookup(token);
    this.close(token as string);
    task.fail(
      new StatesError(typeof error === 'string' ? error : '', typeof cause === 'string' ? cause : ''),
    );
  }

  sendHeartbeat(token: unknown): void {
    this.lookup(token).heartbeat();
  }

  private lookup(token: unknown): PendingTask {
    // Its length (1 to 2048) is checked with the other request constraints (limits.ts).
    if (typeof token !== 'string') throw new SfnApiError('ValidationException', 'taskToken is required');
    if (!TOKEN_SHAPE.test(token)) throw new SfnApiError('InvalidToken', "Invalid Token: 'Invalid token'");
    const task = this.open.get(token);
    if (task) return task;
    if (this.closed.has(token)) {
      throw new SfnApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    throw new SfnApiError('TaskDoesNotExist', 'Task does not exist');
  }
}
