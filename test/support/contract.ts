import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { z } from 'zod';
import { API_OPERATIONS } from '../../src/http/api-operations.ts';
import type { ApiOperation } from '../../src/http/api/api-operation.ts';
import { ErrorBody, PortalErrorBody } from '../../src/http/api/api-responses.ts';
import { jsonSchemaOf } from '../../src/http/api/openapi-document.ts';

// ajv-formats is CommonJS: its function is the default export's default under type stripping.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * Checks every JSON body the API answers in a test against the OpenAPI
 * document's schema for its route and status (the error shape for an error
 * status it does not list). Violations are kept; the test app's close() fails
 * the file when there is one, so the document cannot drift from the routes.
 */
export function createContractChecker() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const operations = new Map<string, ApiOperation>(
    API_OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]),
  );
  const compiled = new Map<z.ZodType, ValidateFunction>();
  const validator = (schema: z.ZodType) => {
    let found = compiled.get(schema);
    if (!found) {
      found = ajv.compile(jsonSchemaOf(schema, 'output'));
      compiled.set(schema, found);
    }
    return found;
  };
  const violations: string[] = [];
  let checked = 0;
  return {
    violations,
    get checked() {
      return checked;
    },
    observe: (
      req: { method: string; path: string; route?: { path: string } },
      status: number,
      body: unknown,
    ) => {
      const portal = req.path.startsWith('/api/portal/');
      const route = req.route?.path;
      const op = route ? operations.get(`${req.method} ${route}`) : undefined;
      if (route && !op) {
        violations.push(`${req.method} ${route}: answers JSON but is not in the OpenAPI document`);
        return;
      }
      const documented = op?.responses[status];
      if (documented === 'empty' || documented === 'file') return;
      // A route's documented answer; otherwise (an error, or a path no route took) the error shape.
      const schema = documented ?? (portal || op?.auth === 'portal' ? PortalErrorBody : ErrorBody);
      if (!documented && status < 400) {
        violations.push(
          `${req.method} ${route ?? req.path}: status ${String(status)} is not in the document`,
        );
        return;
      }
      checked += 1;
      const validate = validator(schema);
      if (!validate(body))
        violations.push(
          `${req.method} ${route ?? req.path} ${String(status)}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`,
        );
    },
  };
}
