/**
 * Photos and documents are cleaned whole in memory (sharp, pdf-lib, jszip); these slots bound
 * how many are cleaned at once per process, so a burst of uploads costs at most that many files'
 * worth of memory. Waiters are served in arrival order.
 */
export class CleaningSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
      if (next) next();
      else this.busy--;
    }
  }
}
