/** Flag values the CLI checks itself before it calls anything, in the words of src/kernel/duration.ts. */
import { durationProblem } from '../src/kernel/duration';
import { UsageError } from './args';

/** A duration flag as typed (`7d`), refused with the usage when it has no unit or does not read. */
export function durationFlag(flag: string, value: string | undefined): string | undefined {
  const problem = value === undefined ? undefined : durationProblem(value);
  if (problem) throw new UsageError(`--${flag} ${value}: ${problem}`);
  return value;
}
