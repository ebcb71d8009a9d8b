/**
 * Polls `condition` until it returns something truthy, and returns that. Tests wait for the state
 * they need (a session waiting for a lock, a backend gone) instead of sleeping a fixed time and
 * hoping. `timeoutMs` is a hang guard only: nothing asserts how long the wait took.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: { readonly timeoutMs?: number; readonly intervalMs?: number; readonly what?: string } = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 30_000, intervalMs = 25, what = 'the condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let checks = 0;
  for (;;) {
    checks++;
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) {
      throw new Error(`waitFor: ${what} did not hold within ${timeoutMs} ms (${checks} checks, every ${intervalMs} ms)`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
