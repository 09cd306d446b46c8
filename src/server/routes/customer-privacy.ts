/**
 * Privacy of one customer (issue #14): the export of everything stored about them (a JSON download)
 * and their erasure. Session or API key with the `customers:privacy` scope (admins and owners).
 */
import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import { eraseCustomer, exportCustomer } from '../../core/customers/privacy.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { IdParam, json, problems, SECURITY } from './common.schema.js';
import { CustomerExportSchema, ErasureReportSchema } from './customer-privacy.schema.js';

const TAGS = ['customers'];

const exportRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/export',
  tags: TAGS,
  summary: 'Export everything stored about one customer (JSON download)',
  description:
    'The customer (the survivor of a merge, with those merged into it), identities, every item with all versions and analyses, cases with events and replies, notes, exceptions, merges, suggestions, moments and stats — nothing of anyone else. The export is audited.',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(CustomerExportSchema, 'The export'), ...problems(401, 403, 404) },
});

const eraseRoute = createRoute({
  method: 'post',
  path: '/customers/{id}/erase',
  tags: TAGS,
  summary: 'Erase a customer: their texts, names, handles and identities everywhere',
  description:
    "In one transaction: their items' and versions' texts, titles, authors and links, analyses' quoted sentences, the full-text index, identities, profile fields, notes, moments, suggestions and merge snapshots, replies to them, case notes, exceptions' free text, and audit and import entries that quote them. Labels, scores, amounts and rollups stay, so dashboard totals are unchanged. The customer row stays (with `erasedAt`) so ids still resolve. Acts on the person: the survivor of a merge and every customer merged into it. Audited; erasing again is harmless.",
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(ErasureReportSchema, 'Erased'), ...problems(401, 403, 404) },
});

export const customerPrivacyRoutes = router()
  .openapi(exportRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:privacy');
    const { id } = c.req.valid('param');
    const doc = await exportCustomer(
      c.get('runtime').store,
      p,
      id,
      c.get('runtime').clock.now().toISOString(),
    );
    c.header('content-disposition', `attachment; filename="customer-${String(doc.customer.id)}.json"`);
    return c.json(doc, 200);
  })
  .openapi(eraseRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:privacy');
    const { id } = c.req.valid('param');
    return c.json(
      await eraseCustomer(c.get('runtime').store, p, id, c.get('runtime').clock.now().toISOString()),
      200,
    );
  });
