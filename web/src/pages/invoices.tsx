import { PageTitle } from '../ui';
export function InvoiceDetailPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
export function InvoicesPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
