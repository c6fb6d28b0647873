import type { EventSubscriber } from './event-subscriber';
import { InvalidSubscription } from './events.errors';
import { SubscriberRegistry } from './subscriber-registry';

function subscriber(name: string, events: string[]): EventSubscriber {
  return { name, events, handle: async () => undefined };
}

describe(SubscriberRegistry.name, () => {
  it('finds the subscribers of an event type', () => {
    const registry = new SubscriberRegistry();
    registry.register(subscriber('notifications.mail-new-report', ['intake.report-submitted']));
    registry.register(subscriber('audit.record-case-change', ['intake.report-submitted', 'cases.case-assigned']));
    expect(registry.subscribersOf('intake.report-submitted')).toEqual(['notifications.mail-new-report', 'audit.record-case-change']);
    expect(registry.subscribersOf('cases.case-assigned')).toEqual(['audit.record-case-change']);
    expect(registry.subscribersOf('sla.deadline-breached')).toEqual([]);
  });

  it('lists a subscriber once even if it names a type twice', () => {
    const registry = new SubscriberRegistry();
    registry.register(subscriber('audit.record', ['cases.case-assigned', 'cases.case-assigned']));
    expect(registry.subscribersOf('cases.case-assigned')).toEqual(['audit.record']);
  });

  it('refuses a second subscriber with the same name', () => {
    const registry = new SubscriberRegistry();
    registry.register(subscriber('audit.record', ['cases.case-assigned']));
    expect(() => registry.register(subscriber('audit.record', ['cases.case-closed']))).toThrow(InvalidSubscription);
  });

  it.each(['Audit.record', 'audit', 'audit.record_case', 'audit..record', ''])('refuses the subscriber name "%s"', (name) => {
    expect(() => new SubscriberRegistry().register(subscriber(name, ['cases.case-assigned']))).toThrow(InvalidSubscription);
  });

  it('refuses a subscriber without events or with a malformed event type', () => {
    expect(() => new SubscriberRegistry().register(subscriber('audit.record', []))).toThrow(/lists no events/);
    expect(() => new SubscriberRegistry().register(subscriber('audit.record', ['CaseAssigned']))).toThrow(/not an event type/);
  });

  it('refuses registration once the dispatcher has started', () => {
    const registry = new SubscriberRegistry();
    registry.close();
    expect(() => registry.register(subscriber('audit.record', ['cases.case-assigned']))).toThrow(/onModuleInit/);
  });
});
