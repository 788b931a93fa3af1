import { readFile } from 'node:fs/promises';

/**
 * Workflow files are shared with serverless.yml (serverless-step-functions), so Lambda references are
 * CloudFormation intrinsics: `{"Fn::GetAtt": ["<functionKey>", "Arn"]}`. Locally we replace them with ARNs.
 */
export function resolveWorkflow(definition: unknown, functionArn: (functionKey: string) => string): object {
  const resolved = resolveValue(definition, functionArn, '$');
  if (!resolved || typeof resolved !== 'object' || Array.isArray(resolved)) {
    throw new Error('a workflow definition must be a JSON object');
  }
  return resolved;
}

export async function loadWorkflowFile(
  path: string,
  functionArn: (functionKey: string) => string,
): Promise<object> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  try {
    return resolveWorkflow(parsed, functionArn);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

function resolveValue(value: unknown, functionArn: (key: string) => string, at: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveValue(item, functionArn, `${at}[${i}]`));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const intrinsic = entries.length === 1 ? entries[0] : undefined;
  if (intrinsic && (intrinsic[0].startsWith('Fn::') || intrinsic[0] === 'Ref')) {
    const [name, args] = intrinsic;
    if (
      name === 'Fn::GetAtt' &&
      Array.isArray(args) &&
      args.length === 2 &&
      typeof args[0] === 'string' &&
      args[1] === 'Arn'
    ) {
      return functionArn(args[0]);
    }
    throw new Error(
      `unsupported CloudFormation intrinsic at ${at}: ${JSON.stringify(value)} (only {"Fn::GetAtt": ["<function>", "Arn"]} is resolved locally)`,
    );
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveValue(v, functionArn, `${at}.${k}`)]));
}
