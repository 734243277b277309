import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FamilyModule } from '../family';
import { ActivitiesDataExport } from './application/activities-data-export';
import { ActivitiesService } from './application/activities.service';
import { ActivityGroupsService } from './application/activity-groups.service';
import { ActivityHoldSweeper } from './application/activity-hold-sweeper';
import { ActivityHolds } from './application/activity-holds';
import { ActivityRegistrations } from './application/activity-registrations';
import { AttendanceService } from './application/attendance.service';
import { BookingService } from './application/booking.service';
import { CatalogueService } from './application/catalogue.service';
import { EnrolmentService } from './application/enrolment.service';
import { PaymentOutcomeHandler } from './application/on-payment-events.handler';
import { Places } from './application/places';
import { PlanningService } from './application/planning.service';
import { RequestDeskService } from './application/request-desk.service';
import { ReservationFacts } from './application/reservation-facts';
import { ReservationRequests } from './application/reservation-requests';
import { ReservationsSectionExport } from './application/reservations-data-export';
import { ActivitiesController } from './http/activities.controller';
import { PlanningController } from './http/planning.controller';
import { ReservationsController } from './http/reservations.controller';
import { StaffActivitiesController } from './http/staff-activities.controller';
import { StaffCatalogueController } from './http/staff-catalogue.controller';
import { StaffDeskController } from './http/staff-desk.controller';
import { StaffEnrolmentsController } from './http/staff-enrolments.controller';
import { StaffReservationsController } from './http/staff-reservations.controller';
import { ActivityRegistrationRepository } from './infrastructure/activity-registration.repository';
import { ActivityRepository } from './infrastructure/activity.repository';
import { AttendanceRepository } from './infrastructure/attendance.repository';
import { BookingRepository } from './infrastructure/booking.repository';
import { CatalogueRepository } from './infrastructure/catalogue.repository';
import { EnrolmentRepository } from './infrastructure/enrolment.repository';
import { FactsRepository } from './infrastructure/facts.repository';
import { FamilyRecordsRepository } from './infrastructure/family-records.repository';
import { PlanningRepository } from './infrastructure/planning.repository';
import { RequestRepository } from './infrastructure/request.repository';

/**
 * Catalogue, booking periods and deadlines, calendars, requests, capacity, term activities (schema
 * `reservations`). In the worker role, releases the activity holds that ran out. See README.md.
 */
@Module({
  imports: [FamilyModule],
  controllers: [
    ReservationsController,
    ActivitiesController,
    PlanningController,
    StaffCatalogueController,
    StaffEnrolmentsController,
    StaffReservationsController,
    StaffDeskController,
    StaffActivitiesController,
  ],
  providers: [
    CatalogueRepository,
    EnrolmentRepository,
    BookingRepository,
    RequestRepository,
    AttendanceRepository,
    FamilyRecordsRepository,
    FactsRepository,
    ActivityRepository,
    ActivityRegistrationRepository,
    PlanningRepository,
    CatalogueService,
    EnrolmentService,
    BookingService,
    Places,
    RequestDeskService,
    AttendanceService,
    ReservationRequests,
    ReservationFacts,
    ReservationsSectionExport,
    ActivityGroupsService,
    ActivitiesService,
    ActivityHolds,
    ActivityHoldSweeper,
    PaymentOutcomeHandler,
    ActivityRegistrations,
    ActivitiesDataExport,
    PlanningService,
  ],
  exports: [ReservationRequests, ActivityRegistrations, ReservationFacts],
})
export class ReservationsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sweeper: ActivityHoldSweeper,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role !== 'api') this.sweeper.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
  }
}
