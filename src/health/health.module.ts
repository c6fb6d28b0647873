import { Module } from '@nestjs/common';
import { SlaModule } from '../cases/sla/sla.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { HealthController } from './health.controller';

@Module({ imports: [NotificationsModule, SlaModule], controllers: [HealthController] })
export class HealthModule {}
