import { Module } from '@nestjs/common';

/** E-mails, SMS and the parents' event feed: a consumer of the other modules' events (schema `notifications`). */
@Module({})
export class NotificationsModule {}
