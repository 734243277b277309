import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { CurrentPrincipal, familyOf, Principal, RequestValidationError, Roles } from '../../../platform/http';
import { FeedPage, FeedService } from '../application/feed.service';

class FeedQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'doit être un nombre entier' }) @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 10000 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'doit être un nombre entier' }) @Min(0) @Max(10000) offset?: number;

  @ApiPropertyOptional({ default: false, description: 'only the items changed since this guardian last marked the feed read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'doit valoir true ou false' })
  unread?: boolean;
}

class MarkReadRequest {
  @ApiProperty({ example: '2026-11-21T14:05:12.345Z', description: 'the `updatedAt` of the newest item shown: the items changed up to then are read (never later than now)' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'doit être une date et heure ISO 8601 (2026-11-21T14:05:12.345Z)' })
  until: string;
}

class PayAction {
  @ApiProperty({ enum: ['pay'] }) type: 'pay';
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
}

class SendDocumentAction {
  @ApiProperty({ enum: ['send-document'] }) type: 'send-document';
  @ApiProperty({ example: 'proof-of-address' }) kindCode: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a family-level kind' }) childId: string | null;
}

class FeedItemResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['invoice', 'reservation-request', 'document-rejected', 'activity-registration'] }) kind: string;
  @ApiProperty({ format: 'uuid', description: 'the invoice, reservation, document or registration it is about' }) subjectId: string;
  @ApiProperty({ example: 'Facture n° REST-2026-000123 à payer — restant dû 42,00 €' }) title: string;
  @ApiProperty({ example: 'Montant de la facture : 60,00 €. Déjà réglé : 18,00 €. À payer avant le 15/12/2026.' }) body: string;
  @ApiProperty({ nullable: true, type: String, description: 'staff’s reason of a refusal or rejection, why a registration was cancelled' }) reason: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'invoices: the total; registrations: the amount (cents)' }) amountCents: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'invoices: what remains due ("Restant dû"), cents' }) remainingCents: number | null;
  @ApiProperty({ nullable: true, oneOf: [{ $ref: getSchemaPath(PayAction) }, { $ref: getSchemaPath(SendDocumentAction) }], description: '"Payer", or send a new document; null: nothing to do' })
  action: PayAction | SendDocumentAction | null;
  @ApiProperty({ enum: ['open', 'done'], description: 'open: something to do (pay, send a document)' }) state: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'when it last changed (the feed is ordered by it, newest first)' }) updatedAt: string;
  @ApiProperty({ description: 'changed since this guardian last marked the feed read' }) unread: boolean;
}

class DocumentToProvideResponse {
  @ApiProperty() kindCode: string;
  @ApiProperty({ example: 'Justificatif de domicile' }) kindLabel: string;
  @ApiProperty({ nullable: true, type: String }) childId: string | null;
  @ApiProperty({ nullable: true, type: String }) childFirstName: string | null;
  @ApiProperty({ enum: ['missing', 'rejected', 'expired'] }) state: string;
  @ApiProperty({ example: 'Justificatif de domicile : pièce à fournir.' }) message: string;
}

class FeedPageResponse {
  @ApiProperty({ type: [FeedItemResponse] }) items: FeedItemResponse[];
  @ApiProperty({ description: 'there are older items: ask for offset + limit' }) hasMore: boolean;
  @ApiProperty({ description: 'items changed since this guardian last marked the feed read' }) unreadCount: number;
  @ApiProperty({ type: [DocumentToProvideResponse], description: 'supporting documents still to send (live)' }) documentsToProvide: DocumentToProvideResponse[];
}

class UnreadResponse {
  @ApiProperty() unreadCount: number;
}

/** Parent-facing: the family's event feed ("fil des événements", the home page); the family comes from the session. */
@ApiTags('feed')
@ApiBearerAuth()
@Roles('guardian')
@ApiExtraModels(PayAction, SendDocumentAction)
@Controller('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @ApiOperation({ summary: 'The family’s event feed, latest changes first: invoices to pay ("Payer"), requests answered, documents rejected, registrations; with the unread count and the documents to provide' })
  @ApiOkResponse({ type: FeedPageResponse })
  page(@CurrentPrincipal() principal: Principal, @Query() query: FeedQuery): Promise<FeedPage> {
    return this.feed.page(familyOf(principal), principal.accountId, { limit: query.limit ?? 20, offset: query.offset ?? 0, unreadOnly: query.unread ?? false });
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks the items changed up to `until` read, for this guardian (each guardian has their own)' })
  @ApiOkResponse({ type: UnreadResponse })
  markRead(@CurrentPrincipal() principal: Principal, @Body() body: MarkReadRequest): Promise<{ unreadCount: number }> {
    const until = new Date(body.until);
    if (Number.isNaN(until.getTime())) throw new RequestValidationError([{ field: 'until', message: 'doit être une date et heure ISO 8601 (2026-11-21T14:05:12.345Z)' }]);
    return this.feed.markRead(familyOf(principal), principal.accountId, until);
  }
}
