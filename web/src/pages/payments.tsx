import { PageTitle } from '../ui';
export function PaymentOutcomePage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
export function PaymentPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
export function PaymentsPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
