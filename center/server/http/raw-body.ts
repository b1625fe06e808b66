/**
 * Body parsing that keeps the bytes: device signatures cover the SHA-256 of the raw body, so JSON
 * and tus PATCH bodies are read as buffers, kept on the request, then (for JSON) parsed here.
 */
import type { FastifyInstance } from 'fastify';
import { CentreHttpError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export const TUS_PATCH_CONTENT_TYPE = 'application/offset+octet-stream';

export const installRawBodyParsers = (app: FastifyInstance): void => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      // JSON.parse makes `__proto__` an own property, never a prototype: strict zod schemas refuse it.
      done(null, JSON.parse(raw.toString('utf8')) as unknown);
    } catch {
      done(new CentreHttpError(400, 'invalid_input', 'the body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser(TUS_PATCH_CONTENT_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    done(null, body);
  });
};
