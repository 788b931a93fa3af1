import { SfnApiError } from './errors';

/**
 * What AWS refuses, so the local endpoint refuses it too: the request constraints of the botocore model
 * (stepfunctions/2016-11-23/service-2.json) and the quotas of Standard workflows (256 KiB payloads, one
 * year per execution; see README "How it differs from AWS" for the pages).
 */
export const PAYLOAD_MAX_BYTES = 262_144;
/** An execution still running after this ends TIMED_OUT with States.Timeout. */
export const EXECUTION_MAX_MS = 365 * 86_400_000;

interface Rule {
  type: 'string' | 'integer' | 'boolean';
  min?: number;
  max?: number;
  required?: boolean;
  /** Length counted in UTF-8 bytes (the model's payload members say so), not characters. */
  bytes?: boolean;
  /** Sensitive members: AWS leaves the value out of the message. */
  sensitive?: boolean;
  values?: readonly string[];
}

const ARN: Rule = { type: 'string', min: 1, max: 256 };
const PAGE_SIZE: Rule = { type: 'integer', min: 0, max: 1000 };
const PAGE_TOKEN: Rule = { type: 'string', min: 1, max: 1024 };
const TASK_TOKEN: Rule = { type: 'string', min: 1, max: 2048, required: true };
const PAYLOAD: Rule = { type: 'string', max: PAYLOAD_MAX_BYTES, bytes: true, sensitive: true };
const ERROR: Rule = { type: 'string', min: 0, max: 256, sensitive: true };
const CAUSE: Rule = { type: 'string', min: 0, max: 32_768, sensitive: true };
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

const RULES: Record<string, Record<string, Rule>> = {
  ListStateMachines: { maxResults: PAGE_SIZE, nextToken: PAGE_TOKEN },
  DescribeStateMachine: { stateMachineArn: { ...ARN, required: true } },
  StartExecution: {
    stateMachineArn: { ...ARN, required: true },
    name: { type: 'string', min: 1, max: 80 },
    input: PAYLOAD,
    traceHeader: { type: 'string', min: 0, max: 256 },
  },
  DescribeExecution: { executionArn: { ...ARN, required: true } },
  ListExecutions: {
    stateMachineArn: ARN,
    statusFilter: { type: 'string', values: STATUSES },
    maxResults: PAGE_SIZE,
    nextToken: { type: 'string', min: 1, max: 3096 },
  },
  StopExecution: { executionArn: { ...ARN, required: true }, error: ERROR, cause: CAUSE },
  GetExecutionHistory: {
    executionArn: { ...ARN, required: true },
    maxResults: PAGE_SIZE,
    reverseOrder: { type: 'boolean' },
    nextToken: PAGE_TOKEN,
  },
  SendTaskSuccess: { taskToken: TASK_TOKEN, output: { ...PAYLOAD, required: true } },
  SendTaskFailure: { taskToken: TASK_TOKEN, error: ERROR, cause: CAUSE },
  SendTaskHeartbeat: { taskToken: TASK_TOKEN },
};

/**
 * Checks a request against the model: a wrong JSON type is a SerializationException; every broken
 * constraint is listed in one ValidationException, worded as AWS words it ("1 validation error detected:
 * Value '2000' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to
 * 1000").
 */
export function validateRequest(op: string, input: Record<string, unknown>): void {
  const rules = RULES[op];
  if (!rules) return;
  const problems: string[] = [];
  for (const [member, rule] of Object.entries(rules)) {
    const value = input[member];
    if (value === undefined || value === null) {
      if (rule.required)
        problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if (!hasType(value, rule.type)) {
      throw new SfnApiError('SerializationException', `${member} must be a ${rule.type}`);
    }
    const shown = rule.sensitive ? 'Value' : `Value '${String(value)}'`;
    const fail = (constraint: string) =>
      problems.push(`${shown} at '${member}' failed to satisfy constraint: Member must ${constraint}`);
    if (rule.type === 'integer') {
      const n = value as number;
      if (rule.min !== undefined && n < rule.min) fail(`have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && n > rule.max) fail(`have value less than or equal to ${rule.max}`);
    } else if (rule.type === 'string') {
      const text = value as string;
      const length = rule.bytes ? Buffer.byteLength(text, 'utf8') : [...text].length;
      if (rule.min !== undefined && length < rule.min)
        fail(`have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && length > rule.max) fail(`have length less than or equal to ${rule.max}`);
      if (rule.values && !rule.values.includes(text))
        fail(`satisfy enum value set: [${rule.values.join(', ')}]`);
    }
  }
  if (problems.length) {
    const n = problems.length;
    throw new SfnApiError(
      'ValidationException',
      `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    );
  }
}

function hasType(value: unknown, type: Rule['type']): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === type;
}

/** UTF-8 size of a JSON value as Step Functions passes it between states. */
export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}
