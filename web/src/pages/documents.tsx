import { PageTitle } from '../ui';
export function DocumentsPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
