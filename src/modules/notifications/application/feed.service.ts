import { Injectable } from '@nestjs/common';
import { todayInParis } from '../../../platform/dates';
import { FamilyDirectory } from '../../family';
import { documentItemNow, FeedAction, FeedKind, FeedState, proofsToProvide } from '../domain/feed';
import { FeedRepository } from '../infrastructure/feed.repository';

export interface FeedItemView {
  id: string;
  kind: FeedKind;
  /** the invoice, reservation, document or registration it is about */
  subjectId: string;
  title: string;
  body: string;
  reason: string | null;
  amountCents: number | null;
  remainingCents: number | null;
  action: FeedAction | null;
  state: FeedState;
  createdAt: string;
  updatedAt: string;
  /** changed since this guardian last marked the feed read */
  unread: boolean;
}

export interface DocumentToProvide {
  kindCode: string;
  kindLabel: string;
  childId: string | null;
  childFirstName: string | null;
  state: 'missing' | 'rejected' | 'expired';
  /** "Justificatif de domicile : pièce à fournir." */
  message: string;
}

export interface FeedPage {
  items: FeedItemView[];
  /** there are older items (next page: offset + limit) */
  hasMore: boolean;
  /** items changed since this guardian last marked the feed read (all pages) */
  unreadCount: number;
  /** the supporting documents the family still has to send, read live from the family module */
  documentsToProvide: DocumentToProvide[];
}

/** The feed as a guardian reads it: the family's items and, live from the family module, the documents to provide. */
@Injectable()
export class FeedService {
  constructor(
    private readonly feed: FeedRepository,
    private readonly families: FamilyDirectory,
  ) {}

  async page(familyId: string, accountId: string, q: { limit: number; offset: number; unreadOnly: boolean }, today = todayInParis()): Promise<FeedPage> {
    const rows = await this.feed.page(familyId, accountId, { ...q, limit: q.limit + 1 });
    const unreadCount = await this.feed.unreadCount(familyId, accountId);
    // One read of the family's proofs: the documents to provide, and the live state and reason of rejected documents.
    const proofs = await this.families.proofs(familyId, today);
    const items = rows.slice(0, q.limit).map((r): FeedItemView => {
      const item: FeedItemView = {
        id: r.id,
        kind: r.kind,
        subjectId: r.subjectId,
        title: r.title,
        body: r.body,
        reason: r.reason,
        amountCents: r.amountCents,
        remainingCents: r.remainingCents,
        action: r.action,
        state: r.state,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        unread: r.unread,
      };
      if (r.kind !== 'document-rejected') return item;
      const now = documentItemNow(r.subjectId, proofs);
      return { ...item, state: now.state, reason: now.reason, action: now.state === 'open' ? r.action : null };
    });
    return {
      items,
      hasMore: rows.length > q.limit,
      unreadCount,
      documentsToProvide: proofsToProvide(proofs).map((p) => ({
        kindCode: p.kindCode,
        kindLabel: p.kindLabel,
        childId: p.childId,
        childFirstName: p.childFirstName,
        state: p.state as DocumentToProvide['state'],
        message: p.message ?? '',
      })),
    };
  }

  /** Marks the items changed up to `until` (the `updatedAt` of the newest item shown) read for this guardian. */
  async markRead(familyId: string, accountId: string, until: Date): Promise<{ unreadCount: number }> {
    await this.feed.markRead(accountId, until);
    return { unreadCount: await this.feed.unreadCount(familyId, accountId) };
  }
}
