import type { Logger } from '@nestjs/common';
import { describeFailure } from '../events/retry-policy';

/**
 * Listeners that want to hear of each run of something (metrics counting a job's runs) without
 * that something knowing them. One that throws is logged and the others still hear: an observer
 * never fails the work it observes.
 */
export class Observers<T> {
  private readonly list: ((value: T) => void)[] = [];

  /** `what` names the observed thing in the warning (`sweep observer failed: …`). */
  constructor(
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  add(observer: (value: T) => void): void {
    this.list.push(observer);
  }

  notify(value: T): void {
    for (const observer of this.list) {
      try {
        observer(value);
      } catch (e) {
        this.log.warn(`${this.what} observer failed: ${describeFailure(e)}`);
      }
    }
  }
}
