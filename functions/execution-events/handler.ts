import { executionEventsDeps } from '../../src/app/production';
import { type ExecutionEndDeps, recordExecutionEnd } from '../../src/app/record-execution-end';
import { parseExecutionStatusChange } from '../../src/domain/execution-event';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** EventBridge "Step Functions Execution Status Change" events of the onboarding state machine. */
export async function handleExecutionEvent(event: unknown, d: ExecutionEndDeps) {
  const end = parseExecutionStatusChange(event);
  const result = await recordExecutionEnd(d, end);
  const line = { executionName: end.name, status: end.status, ...result };
  if (result.outcome === 'failed') log.warn('workflow execution ended outside its failure route', line);
  else log.info('workflow execution end', line);
  return result;
}

export const handler = eventFunction(handleExecutionEvent, { deps: executionEventsDeps });
