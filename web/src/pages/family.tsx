import { PageTitle } from '../ui';
export function ChildPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
export function FamilyPage(_: { params: Record<string, string> }) { return <PageTitle>À venir</PageTitle>; }
