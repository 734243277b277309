import { Injectable } from '@nestjs/common';
import { OutcomeRow, RequestRepository } from '../infrastructure/request.repository';

/** What became of a request (a day booked or cancelled after the deadline), as its guardian reads it. */
export type RequestOutcome = OutcomeRow;

/**
 * Public face (index.ts): other modules read what became of a request — notifications writes the
 * guardians' e-mail from it, with the reason of a refusal, which events never carry (staff's free text).
 */
@Injectable()
export class ReservationRequests {
  constructor(private readonly requests: RequestRepository) {}

  async outcome(itemId: string): Promise<RequestOutcome | undefined> {
    const [row] = await this.requests.outcomes([itemId]);
    return row;
  }

  /** The outcomes of these items (those that exist), by day. */
  outcomes(itemIds: string[]): Promise<RequestOutcome[]> {
    return this.requests.outcomes(itemIds);
  }
}
