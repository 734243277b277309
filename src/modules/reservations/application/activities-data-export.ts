import { Injectable, OnModuleInit } from '@nestjs/common';
import { FamilyDataExport } from '../../../platform/data-export/family-data-export';
import { ActivitiesService } from './activities.service';

/** All the registrations a family can hold over the years (a few per term): the export takes them all. */
const ALL = 100_000;

/** reservations' part of a family's data export for term activities: every registration with its places and state. */
@Injectable()
export class ActivitiesDataExport implements OnModuleInit {
  constructor(
    private readonly exports: FamilyDataExport,
    private readonly activities: ActivitiesService,
  ) {}

  onModuleInit(): void {
    this.exports.register('term-activities', (familyId) => this.activities.registrations(familyId, ALL, 0));
  }
}
