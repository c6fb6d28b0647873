import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { EventDispatcher } from './event-dispatcher';
import { OutboxRepository } from './outbox.repository';

const PUBLISHED = 'wbsOutboxPublished';
/** Other instances hear of new events at most this much later than the publishing one. */
const NOTIFY_COALESCE_MS = 20;

/**
 * Wakes dispatchers once a transaction that published events has committed (never before: an
 * event of a rolled-back transaction must wake nobody). The publishing process wakes its own
 * dispatcher directly; other instances get one NOTIFY per short window instead of one per
 * transaction, which would serialise every commit on PostgreSQL's notification queue.
 */
@Injectable()
export class OutboxNotifier implements OnModuleInit, OnModuleDestroy, EntitySubscriberInterface {
  private readonly log = new Logger('Events');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: EventDispatcher,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Called by the publisher inside the transaction. */
  static markPublished(queryRunner: QueryRunner | undefined): void {
    if (queryRunner?.data) (queryRunner.data as Record<string, unknown>)[PUBLISHED] = true;
  }

  onModuleInit(): void {
    // A TypeORM subscriber registered at runtime: it sees every transaction of this DataSource.
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  onModuleDestroy(): void {
    const list = this.dataSource.subscribers as EntitySubscriberInterface[];
    const i = list.indexOf(this);
    if (i >= 0) list.splice(i, 1);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (!data[PUBLISHED]) return;
    delete data[PUBLISHED];
    this.dispatcher.wakeUp();
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.outbox.notifyDispatchers(this.dataSource).catch((e: unknown) => {
        // Other instances still find the events on their next poll.
        this.log.warn(`outbox NOTIFY failed: ${e instanceof Error ? e.name : 'error'}`);
      });
    }, NOTIFY_COALESCE_MS);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    delete (event.queryRunner.data as Record<string, unknown>)[PUBLISHED];
  }
}
