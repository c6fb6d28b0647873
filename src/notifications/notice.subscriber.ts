import type { EntityManager } from 'typeorm';
import type { CaseDirectory } from '../cases';
import type { Clock } from '../platform/clock/clock';
import type { EventSubscriber, StoredEvent } from '../platform/events';
import type { MailQueueRepository } from './mail-queue.repository';
import type { NoticeRule } from './notices';
import type { RecipientDirectory } from './recipients';

/**
 * Turns one notice rule into an event subscriber: it queues the notice's facts for each
 * recipient, in the transaction that marks the event handled, so each recipient gets one mail
 * per event however often the event is delivered. The worker renders it when sending.
 */
export class NoticeSubscriber implements EventSubscriber {
  readonly name: string;
  readonly events: readonly string[];

  constructor(
    private readonly rule: NoticeRule,
    private readonly queue: MailQueueRepository,
    private readonly recipients: RecipientDirectory,
    private readonly cases: CaseDirectory,
    private readonly clock: Clock,
  ) {
    this.name = rule.subscriber;
    this.events = [rule.event.type];
  }

  async handle(event: StoredEvent, m: EntityManager): Promise<void> {
    if (this.rule.when && !this.rule.when(event.payload)) return;
    const facts = this.rule.facts(event.payload);
    if (facts.caseId && !facts.caseNumber) {
      const number = await this.cases.numberOf(facts.caseId, m);
      // A case removed since (retention): nothing left to tell anyone about.
      if (number === null) return;
      facts.caseNumber = number;
    }
    const recipients = await this.recipients.resolve(m, this.rule.audience(event.payload));
    await this.queue.enqueue(
      m,
      recipients.map((r) => ({
        staffId: r.id,
        notice: facts.notice,
        eventId: event.id,
        caseId: facts.caseId ?? null,
        facts,
        urgent: this.rule.urgent,
        status: this.rule.urgent || r.mailMode === 'immediate' ? 'pending' : 'held',
      })),
      this.clock.now(),
    );
  }
}
