import { Module } from '@nestjs/common';
import { FamilyModule } from '../family';
import { AttendanceService } from './application/attendance.service';
import { BookingService } from './application/booking.service';
import { CatalogueService } from './application/catalogue.service';
import { EnrolmentService } from './application/enrolment.service';
import { Places } from './application/places';
import { RequestDeskService } from './application/request-desk.service';
import { ReservationRequests } from './application/reservation-requests';
import { ReservationsSectionExport } from './application/reservations-data-export';
import { ReservationsController } from './http/reservations.controller';
import { StaffCatalogueController } from './http/staff-catalogue.controller';
import { StaffDeskController } from './http/staff-desk.controller';
import { StaffEnrolmentsController } from './http/staff-enrolments.controller';
import { StaffReservationsController } from './http/staff-reservations.controller';
import { AttendanceRepository } from './infrastructure/attendance.repository';
import { BookingRepository } from './infrastructure/booking.repository';
import { CatalogueRepository } from './infrastructure/catalogue.repository';
import { EnrolmentRepository } from './infrastructure/enrolment.repository';
import { FamilyRecordsRepository } from './infrastructure/family-records.repository';
import { RequestRepository } from './infrastructure/request.repository';

/** Catalogue, booking periods and deadlines, calendars, requests, capacity, term activities (schema `reservations`). See README.md. */
@Module({
  imports: [FamilyModule],
  controllers: [ReservationsController, StaffCatalogueController, StaffEnrolmentsController, StaffReservationsController, StaffDeskController],
  providers: [
    CatalogueRepository,
    EnrolmentRepository,
    BookingRepository,
    RequestRepository,
    AttendanceRepository,
    FamilyRecordsRepository,
    CatalogueService,
    EnrolmentService,
    BookingService,
    Places,
    RequestDeskService,
    AttendanceService,
    ReservationRequests,
    ReservationsSectionExport,
  ],
  exports: [ReservationRequests],
})
export class ReservationsModule {}
