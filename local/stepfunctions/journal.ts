import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

/**
 * With `npm start -- --data DIR`, executions survive a restart. We keep what AWS would keep (name, input,
 * status, result) and start executions that were RUNNING again from the beginning: every step of our
 * workflow is idempotent (conditional stage writes, the email ledger, the WorkSpace lookup before create),
 * so a replay converges on where the execution was. Histories are not kept.
 */
export interface JournalEntry {
  machineName: string;
  name: string;
  input: string;
  status: string;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

export function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version: number; executions: JournalEntry[] };
  if (parsed.version !== 1) throw new Error(`${file}: unknown journal version ${parsed.version}`);
  return parsed.executions;
}

export function createJournalWriter(file: string, snapshot: () => JournalEntry[]) {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = JSON.stringify({ version: 1, executions: snapshot() });
    writing = writing
      .then(() => writeFile(file, text))
      .catch((err) => console.error('[stepfunctions] journal', err));
    return writing;
  };
  return {
    /** Debounced: a thousand starts in a burst write the file a few times, not a thousand. */
    changed() {
      timer ??= setTimeout(flush, 200);
    },
    flush,
  };
}
