import type { Selectable } from 'kysely';
import type { ModelFigures, ModelRepo, StoredModel } from '../../core/ports.js';
import type { ModelsTable } from '../schema.js';
import { newId, parseJson, type Conn } from './util.js';

const present = (r: Omit<Selectable<ModelsTable>, 'data'>): StoredModel => ({
  id: r.id,
  task: r.task as StoredModel['task'],
  version: r.version,
  examples: r.examples,
  metrics: parseJson<ModelFigures>(r.metrics, { accuracy: 0, macroF1: 0, folds: 0, perClass: {} }),
  createdAt: r.created_at,
});

const COLUMNS = ['id', 'workspace_id', 'task', 'version', 'examples', 'metrics', 'created_at'] as const;

export function modelRepo({ db }: Conn): ModelRepo {
  return {
    async list(workspaceId) {
      const rows = await db
        .selectFrom('models')
        .select(COLUMNS)
        .where('workspace_id', '=', workspaceId)
        .orderBy('task')
        .orderBy('version', 'desc')
        .execute();
      return rows.map(present);
    },
    async latest(workspaceId, task) {
      const r = await db
        .selectFrom('models')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('task', '=', task)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      return r && { ...present(r), data: JSON.parse(r.data) as unknown };
    },
    async insert(workspaceId, { task, examples, metrics, data }) {
      const last = await db
        .selectFrom('models')
        .select('version')
        .where('workspace_id', '=', workspaceId)
        .where('task', '=', task)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      const row = {
        id: newId(),
        workspace_id: workspaceId,
        task,
        version: (last?.version ?? 0) + 1,
        examples,
        metrics: JSON.stringify(metrics),
        data: JSON.stringify(data),
        created_at: new Date().toISOString(),
      };
      await db.insertInto('models').values(row).execute();
      return present(row);
    },
  };
}
