import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import { failStaleImports, runRecordedImport } from '../../core/feedback/run-import.js';
import { parseMap, readImport, type ImportFormat } from '../../importers/index.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { presentImport } from '../presenters.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import { CreateImportSchema, ImportSchema } from './imports.schema.js';

const createImport = createRoute({
  method: 'post',
  path: '/imports',
  tags: ['imports'],
  summary: 'Start an import: then PUT the file to /imports/{id}/file',
  security: SECURITY,
  request: { body: body(CreateImportSchema) },
  responses: { 201: json(ImportSchema, 'Waiting for the file'), ...problems(400, 401, 403) },
});

const uploadFile = createRoute({
  method: 'put',
  path: '/imports/{id}/file',
  tags: ['imports'],
  summary: 'Upload the file; answers when it is imported. Poll GET /imports/{id} meanwhile for progress.',
  security: SECURITY,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: { 200: json(ImportSchema, 'Imported'), ...problems(400, 401, 403, 404, 409, 413, 415) },
});

const getImport = createRoute({
  method: 'get',
  path: '/imports/{id}',
  tags: ['imports'],
  summary: 'An import with its progress and rejected rows',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(ImportSchema, 'The import'), ...problems(401, 403, 404) },
});

const listImports = createRoute({
  method: 'get',
  path: '/imports',
  tags: ['imports'],
  summary: 'Recent imports of the workspace',
  security: SECURITY,
  responses: { 200: json(z.object({ imports: z.array(ImportSchema) }), 'Imports'), ...problems(401, 403) },
});

export const importRoutes = router()
  .openapi(createImport, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'feedback:write');
    const { filename, size, ...options } = c.req.valid('json');
    if (options.map !== undefined) {
      try {
        parseMap(options.map);
      } catch (e) {
        throw new AppError('validation_failed', `map: ${e instanceof Error ? e.message : String(e)}`, [
          { path: 'map', message: String(e) },
        ]);
      }
    }
    const job = await c.get('runtime').store.imports.create({
      workspaceId: p.workspaceId,
      filename,
      options,
      bytesTotal: size ?? null,
      createdBy: p.actor.id,
    });
    return c.json(presentImport(job), 201);
  })
  .openapi(uploadFile, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'feedback:write');
    const runtime = c.get('runtime');
    const { id } = c.req.valid('param');
    const job = await runtime.store.imports.get(p.workspaceId, id);
    if (!job) throw new AppError('import_not_found', 'No such import in this workspace.');
    if (job.status !== 'waiting')
      throw new AppError('conflict', `This import is ${job.status}; start a new one.`);
    const raw = c.req.raw.body;
    if (!raw) throw new AppError('validation_failed', 'The request has no body: send the file as the body.');
    const options = job.options as {
      brand?: string;
      ownBrand?: string;
      labels?: boolean;
      platform?: string;
      format?: ImportFormat;
      map?: string;
      encoding?: string;
    };
    const max = runtime.config.maxUploadBytes;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max)
          done(
            new AppError(
              'batch_too_large',
              `The file is larger than ${max} bytes (TOUCHPOINT_MAX_UPLOAD_MB).`,
            ),
          );
        else done(null, chunk);
      },
    });
    // pipeline, not pipe: a client that aborts mid-upload errors the source, and the reader must hear
    // it (with pipe it waited forever); the error reaches the reader through the destroyed counter.
    const stream = pipeline(Readable.fromWeb(raw as WebReadableStream<Uint8Array>), counter, () => {});
    const reader = readImport(stream, {
      filename: job.filename,
      ...(options.format ? { format: options.format } : {}),
      ...(options.brand ? { brand: options.brand } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.map ? { map: parseMap(options.map) } : {}),
      ...(options.encoding ? { encoding: options.encoding } : {}),
    });
    try {
      await runRecordedImport(
        runtime.ingestDeps,
        {
          workspaceId: p.workspaceId,
          actor: p.actor,
          importId: id,
          ...(options.ownBrand ? { ownBrand: options.ownBrand } : {}),
          ...(options.labels ? { labels: true } : {}),
        },
        { rows: reader.rows, format: reader.format, bytesRead: () => bytes, warnings: reader.warnings },
        { clock: runtime.clock },
      );
    } catch (e) {
      if (e instanceof AppError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      if (message.startsWith('unsupported_format')) throw new AppError('unsupported_format', message);
      throw new AppError('invalid_file', message);
    }
    const done = await runtime.store.imports.get(p.workspaceId, id);
    if (!done) throw new AppError('import_not_found', 'The import vanished.');
    return c.json(presentImport(done), 200);
  })
  .openapi(getImport, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'feedback:read');
    const runtime = c.get('runtime');
    // A run that died shows as failed, with the reason, rather than running forever.
    await failStaleImports(runtime.store, runtime.clock, p.workspaceId);
    const job = await runtime.store.imports.get(p.workspaceId, c.req.valid('param').id);
    if (!job) throw new AppError('import_not_found', 'No such import in this workspace.');
    return c.json(presentImport(job), 200);
  })
  .openapi(listImports, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'feedback:read');
    const runtime = c.get('runtime');
    await failStaleImports(runtime.store, runtime.clock, p.workspaceId);
    return c.json({ imports: (await runtime.store.imports.list(p.workspaceId, 20)).map(presentImport) }, 200);
  });
