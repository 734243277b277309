import { Module } from '@nestjs/common';

/** Catalogue, booking periods and deadlines, calendars, requests, capacity, term activities (schema `reservations`). */
@Module({})
export class ReservationsModule {}
