import { Injectable, OnModuleInit } from '@nestjs/common';
import { FamilyDataExport } from '../../../platform/data-export/family-data-export';
import { FamilyRecordsRepository } from '../infrastructure/family-records.repository';

/** reservations' part of the family's data export: enrolments, every reservation with its days and their outcome, bookings, attendance. */
@Injectable()
export class ReservationsSectionExport implements OnModuleInit {
  constructor(
    private readonly exports: FamilyDataExport,
    private readonly records: FamilyRecordsRepository,
  ) {}

  onModuleInit(): void {
    this.exports.register('reservations', (familyId) => this.records.of(familyId));
  }
}
