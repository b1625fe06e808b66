import { acceptCard } from '../../../domain/idcard/index.ts';
import type { IdCardReader, PhotoDecoder, ReaderEvent } from '../devices/id-card/reader.ts';
import type { Clock } from './clock.ts';
import type { EventHub } from './event-hub.ts';
import type { Logger } from './logger.ts';
import type { SessionPhoto, SessionService } from './session.ts';

export interface CardIntakeOptions {
  readonly reader: IdCardReader;
  readonly photoDecoder: PhotoDecoder;
  readonly sessions: SessionService;
  readonly events: EventHub;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Benchmark hook (times only, no personal data): the reader's last-byte time of a read, and the
   * moment just before its event went out to subscribers.
   */
  readonly onCardPublished?: (receivedAt: number, publishedAt: number) => void;
}

/**
 * Turns reader events into kiosk events: a card read at any moment is validated (domain rules),
 * its photo decoded if a decoder exists, and a session started. Refusals and reader errors become
 * codes the renderer explains in plain words.
 */
export const startCardIntake = (opts: CardIntakeOptions): (() => void) => {
  const { reader, events, logger } = opts;

  const onRead = async (event: Extract<ReaderEvent, { type: 'card_read' }>) => {
    const accepted = acceptCard(event.card.text, opts.clock.today());
    if (!accepted.ok) {
      logger.info('card.refused', { code: accepted.error.code });
      events.publish({ type: 'card.refused', reason: accepted.error.code });
      return;
    }
    // An on-behalf application waits for the applicant's own card; the agent's card again is no change.
    const offered = opts.sessions.offerCard(accepted.value);
    if (offered !== 'other') {
      const session = opts.sessions.view();
      if (session) events.publish({ type: 'card.read', session });
      return;
    }
    const decoded = await opts.photoDecoder.decode(event.card.photo);
    const photo: SessionPhoto | null = decoded.ok ? decoded.value : null;
    if (!decoded.ok) logger.info('card.photo_unavailable', { reason: decoded.error });
    const session = opts.sessions.start(accepted.value, photo, decoded.ok ? 'ok' : decoded.error);
    const publishedAt = performance.timeOrigin + performance.now();
    events.publish({ type: 'card.read', session });
    opts.onCardPublished?.(event.card.receivedAt, publishedAt);
  };

  return reader.subscribe((event) => {
    switch (event.type) {
      case 'status':
        events.publish({ type: 'device.status', reader: event.status });
        return;
      case 'card_placed':
        events.publish({ type: 'card.placed' });
        return;
      case 'card_error':
        logger.info('card.error', { code: event.code });
        events.publish({ type: 'card.error', code: event.code });
        return;
      case 'card_removed':
        events.publish({ type: 'card.removed' });
        return;
      case 'card_read':
        onRead(event).catch((error: unknown) => {
          // A bug, not an expected outcome: report it without the card's contents.
          logger.error('card.intake_failed', { error: error instanceof Error ? error.name : 'unknown' });
          events.publish({ type: 'card.error', code: 'read_failed' });
        });
        return;
    }
  });
};
