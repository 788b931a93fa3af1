/**
 * Per-key locks in one process: `withKeys` runs its work alone on its keys (taken in sorted order, so two
 * holders of overlapping sets cannot wait on each other); `whenFree` waits until the keys are not held.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withKeys<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    for (const key of sorted) {
      const before = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = before.then(() => held);
      this.tails.set(key, tail);
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
      await before;
    }
    try {
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  async whenFree(keys: string[]): Promise<void> {
    const held = keys.map((key) => this.tails.get(key)).filter((p): p is Promise<void> => p !== undefined);
    if (held.length) await Promise.all(held);
  }
}
