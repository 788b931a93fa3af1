import { type DurableLog, openLog, readLog } from '../durable-log';

/**
 * With `npm start -- --data DIR`, executions survive a restart, even a SIGKILL. We keep what AWS would keep
 * (name, input, status, result) and start executions that were RUNNING again from the beginning: every step
 * of our workflow converges on where the hire is (conditional stage writes, the email ledger, the WorkSpace
 * lookup before create, RequestWorkspace ending a replay of a hire that was invited already), so a replay
 * ends where the execution was. Histories are not kept.
 *
 * The journal is a JSON-lines file: one line per status change, the last line of an execution wins.
 * StartExecution and StopExecution answer only once their line is durable (local/durable-log.ts), so an
 * execution the webhook was told about is never lost. The end of an execution is written without waiting:
 * if a kill comes first, the execution runs again and converges.
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

/** Version 1 kept one snapshot line `{version: 1, executions: [...]}`; it reads as its executions. */
type Line = JournalEntry | { version: number; executions?: JournalEntry[] };

/** The latest entry of every execution in the file, in the order they were first started. */
export function readJournal(file: string): JournalEntry[] {
  const latest = new Map<string, JournalEntry>();
  for (const line of readLog<Line>(file)) {
    if ('version' in line) {
      if (line.version !== 1 || !Array.isArray(line.executions)) {
        throw new Error(`${file}: unknown journal version ${line.version}`);
      }
      for (const entry of line.executions) latest.set(key(entry), entry);
    } else {
      latest.set(key(line), line);
    }
  }
  return [...latest.values()];
}

const key = (entry: JournalEntry) => `${entry.machineName}:${entry.name}`;

/** How many superseded lines the journal may carry before it is rewritten as one line per execution. */
const COMPACT_AFTER_LINES = 2_000;

export interface Journal {
  /** Resolves when the entry is durable. */
  write(entry: JournalEntry): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function openJournal(
  file: string,
  state: { snapshot: () => JournalEntry[]; count: () => number },
): Journal {
  const { snapshot } = state;
  const log: DurableLog<JournalEntry> = openLog(file, {
    onError: (err) => console.error('[stepfunctions] journal', err),
  });
  // Start from one line per execution (this also rewrites a version 1 snapshot).
  void log.compact(snapshot).catch((err) => console.error('[stepfunctions] journal', err));
  let compacting = false;
  return {
    async write(entry) {
      await log.append(entry);
      if (!compacting && log.lines() > Math.max(COMPACT_AFTER_LINES, 2 * state.count())) {
        compacting = true;
        void log
          .compact(snapshot)
          .catch((err) => console.error('[stepfunctions] journal', err))
          .finally(() => {
            compacting = false;
          });
      }
    },
    flush: () => log.flush(),
    close: () => log.close(),
  };
}
