/**
 * Validates every workflows/*.asl.json the way both deployments need it: CloudFormation Lambda references
 * resolved, asl-validator with path and ARN checks, and the local engine's limits (JSONPath only, unique
 * state names). Run: `tsx local/validate-asl.ts [dir]` (default workflows/). Exits 1 on any error.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { loadWorkflowFile } from './stepfunctions/load-workflow';
import { prepareDefinition } from './stepfunctions/transform';

type AslValidator = (
  definition: unknown,
  options: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: { 'Error code': string; Message: string }[] };

// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const root = join(import.meta.dirname, '..');
const functionArn = (key: string) => `arn:aws:lambda:us-east-1:000000000000:function:onboarding-dev-${key}`;

function aslFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.asl.json'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

const dirArg = process.argv[2];
let files = aslFiles(dirArg ? join(process.cwd(), dirArg) : join(root, 'workflows'));
if (files.length === 0 && !dirArg) {
  console.log('workflows/ has no *.asl.json yet: validating test/fixtures/workflows instead');
  files = aslFiles(join(root, 'test/fixtures/workflows'));
}

let failed = 0;
for (const file of files) {
  const name = relative(root, file);
  const problems: string[] = [];
  try {
    const definition = await loadWorkflowFile(file, functionArn);
    const { isValid, errors } = aslValidator(definition, { checkPaths: true, checkArn: true });
    if (!isValid) problems.push(...errors.map((e) => `${e['Error code']}: ${e.Message}`));
    prepareDefinition(definition); // JSONata, *SecondsPath and duplicate state names throw here
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length === 0) {
    console.log(`✓ ${name}`);
  } else {
    failed++;
    console.log(`✗ ${name}\n${problems.map((p) => `    ${p}`).join('\n')}`);
  }
}

if (files.length === 0) console.log('no *.asl.json files found');
process.exitCode = failed > 0 ? 1 : 0;
