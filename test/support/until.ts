/**
 * Waits until `probe` gives something truthy and returns it; fails after `timeoutMs`, naming
 * what it waited for and, with `context`, what the process under test printed. A condition
 * wait, never a sleep that proves absence (for "nothing more happens" use untilIdle).
 */
export async function until<T>(what: string, probe: () => T | Promise<T>, opts: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${opts.context ? `\n${opts.context()}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
