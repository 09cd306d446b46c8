import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { authorize } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import {
  createExceptionType,
  decideException,
  exceptionLedger,
  grantException,
  listExceptionTypes,
  listPolicies,
  replacePolicies,
  updateExceptionType,
} from '../../core/exceptions/index.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY, SESSION_ONLY } from './common.schema.js';
import {
  DecisionBody,
  ExceptionSchema,
  ExceptionTypeCreateBody,
  ExceptionTypePatchBody,
  ExceptionTypeSchema,
  GrantBody,
  LedgerQuery,
  LedgerSchema,
  PoliciesBody,
  PolicySchema,
} from './exceptions.schema.js';

const TAGS = ['exceptions'];
const now = () => new Date().toISOString();

const listPoliciesRoute = createRoute({
  method: 'get',
  path: '/policies',
  tags: TAGS,
  summary: 'The policies the workspace runs by',
  security: SECURITY,
  responses: { 200: json(z.object({ policies: z.array(PolicySchema) }), 'Policies'), ...problems(401, 403) },
});

const putPoliciesRoute = createRoute({
  method: 'put',
  path: '/policies',
  tags: TAGS,
  summary: 'Replace the policies (admins)',
  security: SESSION_ONLY,
  request: { body: body(PoliciesBody) },
  responses: {
    200: json(z.object({ policies: z.array(PolicySchema) }), 'Policies'),
    ...problems(400, 401, 403),
  },
});

const listTypesRoute = createRoute({
  method: 'get',
  path: '/exception-types',
  tags: TAGS,
  summary: 'The exceptions staff may grant, with the limit of each role',
  description:
    'A workspace without any starts with Goodwill credit (agent 25.00, admin 200.00, owner unlimited), Fee waiver and Special occasion.',
  security: SECURITY,
  responses: {
    200: json(z.object({ exceptionTypes: z.array(ExceptionTypeSchema) }), 'Exception types'),
    ...problems(401, 403),
  },
});

const createTypeRoute = createRoute({
  method: 'post',
  path: '/exception-types',
  tags: TAGS,
  summary: 'Add an exception type (admins)',
  security: SESSION_ONLY,
  request: { body: body(ExceptionTypeCreateBody) },
  responses: { 201: json(ExceptionTypeSchema, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

const patchTypeRoute = createRoute({
  method: 'patch',
  path: '/exception-types/{id}',
  tags: TAGS,
  summary: 'Change an exception type: its limits, currency, or switch it off (admins)',
  security: SESSION_ONLY,
  request: { params: IdParam, body: body(ExceptionTypePatchBody) },
  responses: { 200: json(ExceptionTypeSchema, 'Changed'), ...problems(400, 401, 403, 404) },
});

const ledgerRoute = createRoute({
  method: 'get',
  path: '/exceptions',
  tags: TAGS,
  summary: "The ledger: each exception with its cost and its case's outcome, with totals",
  description:
    'Totals are per currency: given (granted + approved), pending and rejected apart, and what was given by type and by case outcome. `recovery` compares closed cases with and without an exception.',
  security: SECURITY,
  request: { query: LedgerQuery },
  responses: { 200: json(LedgerSchema, 'The ledger'), ...problems(400, 401, 403) },
});

const grantRoute = createRoute({
  method: 'post',
  path: '/exceptions',
  tags: TAGS,
  summary: 'Grant an exception within your limit, or ask for one above it',
  description:
    'Within the limit of your role for the type: `granted`. Above it: `pending`, until an admin (within their limit) or an owner approves.',
  security: SESSION_ONLY,
  request: { body: body(GrantBody) },
  responses: { 201: json(ExceptionSchema, 'Granted or pending'), ...problems(400, 401, 403, 404) },
});

const approveRoute = createRoute({
  method: 'post',
  path: '/exceptions/{id}/approve',
  tags: TAGS,
  summary: 'Approve a pending exception (admins within their limit, owners)',
  description: 'Admins cannot approve their own requests; an owner can. A decided exception answers 409.',
  security: SESSION_ONLY,
  request: {
    params: IdParam,
    body: { required: false, content: { 'application/json': { schema: DecisionBody } } },
  },
  responses: { 200: json(ExceptionSchema, 'Approved'), ...problems(400, 401, 403, 404, 409) },
});

const rejectRoute = createRoute({
  method: 'post',
  path: '/exceptions/{id}/reject',
  tags: TAGS,
  summary: 'Reject a pending exception (admins, owners)',
  security: SESSION_ONLY,
  request: {
    params: IdParam,
    body: { required: false, content: { 'application/json': { schema: DecisionBody } } },
  },
  responses: { 200: json(ExceptionSchema, 'Rejected'), ...problems(400, 401, 403, 404, 409) },
});

const routes = router();
// The app caps POST and PATCH bodies; PUT is left to each route, so this one caps its own.
routes.on(
  'PUT',
  '/policies',
  bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new AppError('batch_too_large', 'The policies are larger than 1 MB.');
    },
  }),
);

export const exceptionRoutes = routes
  .openapi(listPoliciesRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    return c.json({ policies: await listPolicies(c.get('runtime').store, p.workspaceId, now()) }, 200);
  })
  .openapi(putPoliciesRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'policies:manage');
    const { policies } = c.req.valid('json');
    return c.json({ policies: await replacePolicies(c.get('runtime').store, p, policies, now()) }, 200);
  })
  .openapi(listTypesRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    const exceptionTypes = await listExceptionTypes(c.get('runtime').store, p.workspaceId, now());
    return c.json({ exceptionTypes }, 200);
  })
  .openapi(createTypeRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'policies:manage');
    return c.json(await createExceptionType(c.get('runtime').store, p, c.req.valid('json'), now()), 201);
  })
  .openapi(patchTypeRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'policies:manage');
    const { id } = c.req.valid('param');
    return c.json(await updateExceptionType(c.get('runtime').store, p, id, c.req.valid('json'), now()), 200);
  })
  .openapi(ledgerRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    const { limit, ...filter } = c.req.valid('query');
    return c.json(await exceptionLedger(c.get('runtime').store, p.workspaceId, filter, limit), 200);
  })
  .openapi(grantRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'exceptions:grant');
    return c.json(await grantException(c.get('runtime').store, p, c.req.valid('json'), now()), 201);
  })
  .openapi(approveRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'exceptions:approve');
    const note = c.req.valid('json').note ?? null;
    const { id } = c.req.valid('param');
    return c.json(await decideException(c.get('runtime').store, p, id, 'approved', note, now()), 200);
  })
  .openapi(rejectRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'exceptions:approve');
    const note = c.req.valid('json').note ?? null;
    const { id } = c.req.valid('param');
    return c.json(await decideException(c.get('runtime').store, p, id, 'rejected', note, now()), 200);
  });
