import type { Selectable } from 'kysely';
import type { ApiKeyRepo } from '../../core/ports.js';
import type { ApiKey, Scope } from '../../core/types.js';
import type { ApiKeysTable } from '../schema.js';
import { newId, parseJson, type Conn } from './util.js';

const present = (r: Selectable<ApiKeysTable>): ApiKey => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  prefix: r.prefix,
  scopes: parseJson<Scope[]>(r.scopes, []),
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export function apiKeyRepo({ db }: Conn): ApiKeyRepo {
  return {
    async create({ workspaceId, name, prefix, keyHash, scopes, createdBy }) {
      const row = {
        id: newId(),
        workspace_id: workspaceId,
        name,
        prefix,
        key_hash: keyHash,
        scopes: JSON.stringify(scopes),
        created_by: createdBy,
        created_at: new Date().toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_keys').values(row).execute();
      return present(row);
    },
    async findByHash(keyHash) {
      const r = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return r && present(r);
    },
    async list(workspaceId) {
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(present);
    },
    async revoke(workspaceId, id, at) {
      const r = await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async touch(id, at) {
      await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
