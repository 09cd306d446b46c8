import type { Selectable } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { WorkspaceRepo } from '../../core/ports.js';
import type { Workspace } from '../../core/types.js';
import type { WorkspacesTable } from '../schema.js';
import { isUniqueViolation, newId, type Conn } from './util.js';

const present = (r: Selectable<WorkspacesTable>): Workspace => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  isDemo: r.is_demo === 1,
  createdAt: r.created_at,
});

export function workspaceRepo({ db }: Conn): WorkspaceRepo {
  return {
    async create({ name, slug, isDemo = false }) {
      const row = { id: newId(), name, slug, is_demo: isDemo ? 1 : 0, created_at: new Date().toISOString() };
      try {
        await db.insertInto('workspaces').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('slug_taken', `A workspace with the slug "${slug}" exists.`);
        throw e;
      }
      return present(row);
    },
    async get(id) {
      const r = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
      return r && present(r);
    },
    async findBySlug(slug) {
      const r = await db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
      return r && present(r);
    },
    async list() {
      return (await db.selectFrom('workspaces').selectAll().orderBy('created_at').execute()).map(present);
    },
    async count() {
      const r = await db
        .selectFrom('workspaces')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
