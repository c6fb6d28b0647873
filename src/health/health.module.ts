import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AlertsModule } from '../alerts/alerts.module';
import { SlaModule } from '../cases/sla/sla.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StaffModule } from '../staff/staff.module';
import { HealthProbesController } from './health-probes.controller';
import { HealthProbes } from './health-probes.service';
import { ClusterFigures } from './cluster-figures';
import { HealthAccessGuard } from './health-access.guard';
import { HealthReport } from './health-report.service';
import { HealthController } from './health.controller';
import { Readiness } from './readiness.service';

// Terminus's own logger is off: a failing probe is answered to whoever asks (every few seconds),
// and the causes (database errors) are logged where they happen.
@Module({
  imports: [NotificationsModule, SlaModule, StaffModule, AlertsModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, HealthProbesController],
  providers: [HealthProbes, Readiness, HealthReport, HealthAccessGuard, ClusterFigures],
  exports: [Readiness, HealthReport, ClusterFigures],
})
export class HealthModule {}
