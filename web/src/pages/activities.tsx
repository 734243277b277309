import { PageTitle } from '../ui';
export function ActivitiesPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
