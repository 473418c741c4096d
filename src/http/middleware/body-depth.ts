import type { RequestHandler } from 'express';
import { AppError } from '../../errors.ts';

/**
 * How deep a JSON body may nest. The deepest the API reads is 4 levels (a
 * portal's attachments); 32 leaves room, and a body of 20,000 levels (a
 * RangeError, and a 500, further in) is refused before anything walks it.
 */
const MAX_BODY_DEPTH = 32;

/** Whether `value` nests deeper than `limit` objects and arrays (walked without recursion). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The body too deep, as a 400 with the usual shape (error-handler.ts). */
class BodyTooDeepError extends AppError {
  constructor() {
    super({ status: 400, code: 'BODY.TOO_DEEP', messageKey: 'error.tooDeep.message' });
  }
}

/** Refuses a parsed body nested deeper than MAX_BODY_DEPTH (runs after the body parsers). */
export const limitBodyDepth: RequestHandler = (req, _res, next) => {
  next(nestsDeeperThan(req.body, MAX_BODY_DEPTH) ? new BodyTooDeepError() : undefined);
};
