/** Public face of the notifications module. Other modules import only this file. */
export { NotificationsModule } from './notifications.module';
