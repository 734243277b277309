import { Module } from '@nestjs/common';
import { FamilyModule } from '../family';
import { BookingService } from './application/booking.service';
import { CatalogueService } from './application/catalogue.service';
import { EnrolmentService } from './application/enrolment.service';
import { Places } from './application/places';
import { ReservationsSectionExport } from './application/reservations-data-export';
import { ReservationsController } from './http/reservations.controller';
import { StaffCatalogueController } from './http/staff-catalogue.controller';
import { StaffEnrolmentsController } from './http/staff-enrolments.controller';
import { StaffReservationsController } from './http/staff-reservations.controller';
import { BookingRepository } from './infrastructure/booking.repository';
import { CatalogueRepository } from './infrastructure/catalogue.repository';
import { EnrolmentRepository } from './infrastructure/enrolment.repository';
import { FamilyRecordsRepository } from './infrastructure/family-records.repository';

/** Catalogue, booking periods and deadlines, calendars, requests, capacity, term activities (schema `reservations`). See README.md. */
@Module({
  imports: [FamilyModule],
  controllers: [ReservationsController, StaffCatalogueController, StaffEnrolmentsController, StaffReservationsController],
  providers: [
    CatalogueRepository,
    EnrolmentRepository,
    BookingRepository,
    FamilyRecordsRepository,
    CatalogueService,
    EnrolmentService,
    BookingService,
    Places,
    ReservationsSectionExport,
  ],
})
export class ReservationsModule {}
