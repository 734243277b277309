import { PageTitle } from '../ui';
export function BookingPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
export function ReservationDetailPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
export function ReservationsPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
