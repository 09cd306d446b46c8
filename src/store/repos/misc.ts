import { sql, type Selectable } from 'kysely';
import type { AuditRepo, ImportRepo } from '../../core/ports.js';
import type { ImportJob } from '../../core/types.js';
import type { ImportsTable } from '../schema.js';
import { newId, parseJson, type Conn } from './util.js';

const presentImport = (r: Selectable<ImportsTable>): ImportJob => ({
  id: r.id,
  workspaceId: r.workspace_id,
  filename: r.filename,
  options: parseJson<Record<string, unknown>>(r.options, {}),
  format: r.format,
  status: r.status as ImportJob['status'],
  bytesTotal: r.bytes_total === null ? null : Number(r.bytes_total),
  bytesRead: Number(r.bytes_read),
  rows: r.rows,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
  rejections: parseJson(r.rejections, []),
  warnings: parseJson<string[]>(r.warnings, []),
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  heartbeatAt: r.heartbeat_at,
});

export function importRepo({ db, dialect }: Conn): ImportRepo {
  return {
    async create({ workspaceId, filename, options, bytesTotal, createdBy, kind }) {
      const id = newId();
      await db
        .insertInto('imports')
        .values({
          id,
          workspace_id: workspaceId,
          filename,
          format: null,
          status: 'waiting',
          kind: kind ?? 'feedback',
          options: JSON.stringify(options),
          bytes_total: bytesTotal,
          error: null,
          created_by: createdBy,
          created_at: new Date().toISOString(),
          finished_at: null,
        })
        .execute();
      const job = await this.get(workspaceId, id);
      if (!job) throw new Error('import vanished after insert');
      return job;
    },
    async get(workspaceId, id, kind) {
      const r = await db
        .selectFrom('imports')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind ?? 'feedback'))
        .executeTakeFirst();
      return r && presentImport(r);
    },
    async list(workspaceId, limit, kind = 'feedback') {
      const rows = await db
        .selectFrom('imports')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', kind)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(presentImport);
    },
    async progress(workspaceId, id, p) {
      const set: Partial<Record<keyof ImportsTable, unknown>> = {};
      if (p.status !== undefined) set.status = p.status;
      if (p.format !== undefined) set.format = p.format;
      if (p.bytesRead !== undefined) set.bytes_read = p.bytesRead;
      if (p.rows !== undefined) set.rows = p.rows;
      if (p.created !== undefined) set.created = p.created;
      if (p.updated !== undefined) set.updated = p.updated;
      if (p.unchanged !== undefined) set.unchanged = p.unchanged;
      if (p.rejected !== undefined) set.rejected = p.rejected;
      if (p.rejections !== undefined) set.rejections = JSON.stringify(p.rejections);
      if (p.error !== undefined) set.error = p.error;
      if (p.finishedAt !== undefined) set.finished_at = p.finishedAt;
      if (p.heartbeatAt !== undefined) set.heartbeat_at = p.heartbeatAt;
      if (p.warnings !== undefined) set.warnings = JSON.stringify(p.warnings);
      if (Object.keys(set).length === 0) return;
      await db
        .updateTable('imports')
        .set(set as never)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },
    async failStale({ staleBefore, now, error, workspaceId }) {
      // On PostgreSQL the bound ISO string is compared as timestamptz; on SQLite both are ISO text.
      const before = dialect === 'postgres' ? sql<string>`cast(${staleBefore} as timestamptz)` : staleBefore;
      const result = await db
        .updateTable('imports')
        .set({ status: 'failed', error, finished_at: now })
        .where('status', '=', 'running')
        .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'created_at'), '<', before))
        .$if(workspaceId !== undefined, (qb) => qb.where('workspace_id', '=', workspaceId ?? ''))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export function auditRepo({ db }: Conn): AuditRepo {
  return {
    async record({ workspaceId, actor, action, targetType, targetId, data }) {
      await db
        .insertInto('audit_log')
        .values({
          id: newId(),
          workspace_id: workspaceId,
          actor_type: actor.type,
          actor_id: actor.id,
          action,
          target_type: targetType ?? null,
          target_id: targetId ?? null,
          data: JSON.stringify(data ?? {}),
          created_at: new Date().toISOString(),
        })
        .execute();
    },
  };
}
