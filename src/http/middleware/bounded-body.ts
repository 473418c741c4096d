import { AsyncResource } from 'node:async_hooks';
import { parse as parseQueryString } from 'node:querystring';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Body parsers that stop reading at their limit. body-parser answers a body
 * over its limit only once it has read (and thrown away) the whole of it, so a
 * client announcing or streaming 30 MB was read to the end all the same (the
 * portal's 30 MB limit even kept it). These refuse a Content-Length over the
 * limit before reading a byte, and stop the moment a streamed body passes it;
 * the error handlers then close the connection, so the rest is never read.
 * Their errors carry body-parser's `type` and `status` (entity.too.large,
 * entity.parse.failed, entity.unsupported, parameters.too.many), so the error
 * handlers read them the same way.
 */

type Kind = 'json' | 'urlencoded';
const TYPES: Readonly<Record<Kind, string>> = {
  json: 'application/json',
  urlencoded: 'application/x-www-form-urlencoded',
};

const failure = (status: number, type: string, message: string) =>
  Object.assign(new Error(message), { status, type, expose: true });

/** Whether the request carries a body (a length, or chunks). */
const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/** The body as `kind` reads it; throws a body-parser-like error when it cannot. */
function parse(kind: Kind, text: string, parameterLimit: number): unknown {
  if (kind === 'urlencoded') {
    const fields = text.length === 0 ? 0 : text.split('&').length;
    if (fields > parameterLimit) throw failure(413, 'parameters.too.many', 'too many parameters');
    return { ...parseQueryString(text, '&', '=', { maxKeys: parameterLimit }) };
  }
  if (text.trim().length === 0) return {};
  // As body-parser's strict mode: an object or an array, nothing else.
  if (!/^\s*[{[]/.test(text)) throw failure(400, 'entity.parse.failed', 'not a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw failure(400, 'entity.parse.failed', 'the body is not valid JSON');
  }
}

/**
 * Reads a `kind` body of at most `limitBytes` into `req.body`. With `only`,
 * a request of another type is refused (415); without, it is left to the
 * next parser, as body-parser does.
 */
export function boundedBody(options: {
  kind: Kind;
  limitBytes: number;
  parameterLimit?: number;
  only?: boolean;
}): RequestHandler {
  const { kind, limitBytes } = options;
  const parameterLimit = options.parameterLimit ?? 1_000;
  return (req: Request, _res: Response, passOn: NextFunction) => {
    // The stream's events run outside this request's async context: what follows the body
    // (its log context, its request id in jobs) must run inside it.
    const next = AsyncResource.bind(passOn);
    if (req.body !== undefined || !hasBody(req)) {
      next();
      return;
    }
    if (!req.is(TYPES[kind])) {
      next(
        options.only
          ? failure(415, 'entity.unsupported', `the body must be ${TYPES[kind]}`)
          : undefined,
      );
      return;
    }
    // A compressed body could unpack to any size: only plain bodies are taken.
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      next(failure(415, 'encoding.unsupported', `content encoding ${encoding} is not taken`));
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > limitBytes) {
      next(failure(413, 'entity.too.large', 'request entity too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.pause();
      next(failure(413, 'entity.too.large', 'request entity too large'));
    };
    const onEnd = () => {
      stop();
      try {
        req.body = parse(kind, Buffer.concat(chunks).toString('utf8'), parameterLimit);
        next();
      } catch (error) {
        next(error);
      }
    };
    const onError = (error: Error) => {
      stop();
      next(failure(400, 'request.aborted', error.message));
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  };
}
