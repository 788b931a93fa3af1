/**
 * What a run cost in WorkSpaces API calls, per operation: the adapter counts calls per container, so a
 * scheduled run reports the difference between before and after it.
 */
export async function countingCalls<T>(
  api: { calls(): Record<string, number> },
  run: () => Promise<T>,
): Promise<{ result: T; calls: Record<string, number> }> {
  const before = api.calls();
  const result = await run();
  const after = api.calls();
  const calls = Object.fromEntries(Object.entries(after).map(([op, n]) => [op, n - (before[op] ?? 0)]));
  return { result, calls };
}
