import { DomainEvent } from '../../platform/events';
import type { AlertKind } from './alert-kinds';

/**
 * Activity left its usual range (issue 16): told to every admin and supervisor by mail and
 * recorded in the audit log, through their subscribers. Figures only, never content or anything
 * about a person.
 */
export class AlertRaised extends DomainEvent<{
  alert: AlertKind;
  /** ISO time the figure was seen. */
  at: string;
  /** ISO time the window began; the alert is raised once in it. */
  windowStart: string;
  windowMinutes: number;
  figure: number;
  threshold: number | null;
}> {
  static readonly type = 'alerts.alert-raised';
}
