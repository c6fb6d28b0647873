import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ALERT_KINDS, AlertKind, AlertReading } from './events/alert-kinds';

/** The latest reading of one kind, as /metrics and /health show it. */
export interface StoredReading {
  kind: AlertKind;
  figure: number;
  threshold: number | null;
  above: boolean;
  readAt: Date;
  detail: Record<string, unknown>;
}

/** The alerts module's tables (see migration 1764300019400): raised alerts, latest readings. */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records the alert for its window unless one is there already; true when this call recorded
   * it. The key (kind, window start) decides among instances racing for the same window.
   */
  async raiseOnce(m: EntityManager, r: AlertReading, now: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO alerts_raised (kind, window_start, window_minutes, figure, threshold, raised_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, window_start) DO NOTHING RETURNING kind`,
      [r.kind, r.windowStart, r.windowMinutes, r.figure, r.threshold, now],
    );
    return rows.length === 1;
  }

  async saveReadings(m: EntityManager, readings: readonly AlertReading[], now: Date, detail: Record<string, unknown> = {}): Promise<void> {
    if (readings.length === 0) return;
    await m.query(
      `INSERT INTO alert_readings (kind, figure, threshold, above, read_at, detail)
       SELECT x.kind, x.figure, x.threshold, x.above, $5, $6::jsonb
         FROM unnest($1::text[], $2::float8[], $3::float8[], $4::boolean[]) AS x (kind, figure, threshold, above)
       ON CONFLICT (kind) DO UPDATE SET figure = EXCLUDED.figure, threshold = EXCLUDED.threshold, above = EXCLUDED.above,
                                        read_at = EXCLUDED.read_at, detail = EXCLUDED.detail`,
      [readings.map((r) => r.kind), readings.map((r) => r.figure), readings.map((r) => r.threshold), readings.map((r) => r.raised), now, JSON.stringify(detail)],
    );
  }

  /** The latest reading of every kind looked at so far. */
  async readings(): Promise<StoredReading[]> {
    const rows: { kind: AlertKind; figure: number; threshold: number | null; above: boolean; read_at: Date; detail: Record<string, unknown> }[] = await this.db.query(
      `SELECT kind, figure, threshold, above, read_at, detail FROM alert_readings WHERE kind = ANY ($1::text[]) ORDER BY kind`,
      [ALERT_KINDS],
    );
    return rows.map((r) => ({ kind: r.kind, figure: r.figure, threshold: r.threshold, above: r.above, readAt: r.read_at, detail: r.detail }));
  }
}
