import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * An append-only file of JSON lines whose `append` resolves only once the line is on disk (written and
 * fsynced), so whoever waits on it may tell a client "done" and survive a SIGKILL or a power cut.
 * Appends that arrive while a write is under way go out together in the next one (group commit): a burst
 * of a thousand costs a few fsyncs, not a thousand.
 *
 * `compact` replaces the file with a snapshot (written to a temporary file, fsynced, renamed over the old
 * one), so the log does not grow without end. A line cut short by a kill mid-write is skipped on reading:
 * nobody was told it was written.
 */
export interface DurableLog<T> {
  /** Resolves when `record` is durable. */
  append(record: T): Promise<void>;
  /** Resolves when everything appended so far is durable. */
  flush(): Promise<void>;
  /** Rewrites the file as `records()` (taken when the rewrite starts). */
  compact(records: () => T[]): Promise<void>;
  /** Lines written since the last compaction. */
  lines(): number;
  close(): Promise<void>;
}

/** Reads every complete line of `file` (none when it does not exist); a torn last line is dropped. */
export function readLog<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const records: T[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch (err) {
      if (i === lines.length - 1) break; // written up to the kill, never acknowledged
      throw new Error(`${file}: line ${i + 1} is not JSON`, { cause: err });
    }
  }
  return records;
}

export function openLog<T>(file: string, opts: { onError?: (err: unknown) => void } = {}): DurableLog<T> {
  let handle: Promise<FileHandle> | undefined;
  let pending: { line: string; done: () => void; failed: (err: unknown) => void }[] = [];
  let chain: Promise<void> = Promise.resolve();
  let writing = false;
  let written = 0;

  const fileHandle = () => {
    handle ??= (async () => {
      const created = !existsSync(file);
      const fh = await open(file, 'a');
      if (created) syncFolder(file);
      return fh;
    })();
    return handle;
  };

  const drain = async () => {
    writing = true;
    try {
      while (pending.length) {
        const batch = pending;
        pending = [];
        try {
          const fh = await fileHandle();
          await fh.appendFile(batch.map((p) => p.line).join(''));
          await fh.datasync();
          written += batch.length;
          for (const p of batch) p.done();
        } catch (err) {
          opts.onError?.(err);
          for (const p of batch) p.failed(err);
        }
      }
    } finally {
      writing = false;
    }
  };

  const log: DurableLog<T> = {
    append(record) {
      return new Promise<void>((done, failed) => {
        pending.push({ line: `${JSON.stringify(record)}\n`, done, failed });
        if (!writing) chain = chain.then(drain);
      });
    },
    flush() {
      if (pending.length && !writing) chain = chain.then(drain);
      return chain;
    },
    compact(records) {
      chain = chain.then(async () => {
        await drain();
        const old = await handle;
        handle = undefined;
        await old?.close();
        writeSnapshot(file, records());
        written = 0;
      });
      return chain;
    },
    lines: () => written,
    async close() {
      await log.flush();
      const old = await handle;
      handle = undefined;
      await old?.close();
    },
  };
  return log;
}

/** Temporary file, fsync, rename, fsync of the folder: the old file or the new one, never half of one. */
function writeSnapshot<T>(file: string, records: T[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const bytes = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncFolder(file);
}

/** A new or renamed file survives a power cut only once its folder's entry is on disk too. */
function syncFolder(file: string): void {
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
