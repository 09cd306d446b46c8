import type { Selectable } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { BrandRepo, TaxonomyRepo } from '../../core/ports.js';
import type { Brand, BrandKind } from '../../core/types.js';
import type { BrandsTable } from '../schema.js';
import { newId, parseJson, slugify, type Conn } from './util.js';

const present = (r: Selectable<BrandsTable>): Brand => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  kind: r.kind as BrandKind,
});

export function brandRepo({ db }: Conn): BrandRepo {
  return {
    async list(workspaceId) {
      const rows = await db
        .selectFrom('brands')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('kind', 'desc') // own first
        .orderBy('name')
        .execute();
      return rows.map(present);
    },
    async get(workspaceId, id) {
      const r = await db
        .selectFrom('brands')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && present(r);
    },
    async defaultBrand(workspaceId) {
      const r = await db
        .selectFrom('brands')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', 'own')
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return r && present(r);
    },
    async ensure(workspaceId, name, kind) {
      const slug = slugify(name);
      const find = () =>
        db
          .selectFrom('brands')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('slug', '=', slug)
          .executeTakeFirst();
      // Read first: nearly every item names a brand that exists, and each statement is a round trip
      // of a single-item POST (bench/post-trace.ts).
      const known = await find();
      if (known) return present(known);
      await db
        .insertInto('brands')
        .values({
          id: newId(),
          workspace_id: workspaceId,
          name,
          slug,
          kind,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'slug']).doNothing())
        .execute();
      const made = await find();
      if (!made) throw new Error(`brand ${slug} was neither found nor made`);
      return present(made);
    },
    async removeIfUnused(workspaceId, id) {
      const r = await db
        .deleteFrom('brands')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        // A case always has an item of its brand: no items, no cases.
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('feedback_items').select('id').where('brand_id', '=', id))),
        )
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async update(workspaceId, id, patch) {
      // The slug stays: it is what links, filters and ingest (by brand name) find the brand by.
      const set: { name?: string; kind?: string } = {};
      if (patch.name !== undefined) {
        const clash = await db
          .selectFrom('brands')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '!=', id)
          .where((eb) =>
            eb.or([eb('slug', '=', slugify(patch.name ?? '')), eb('name', '=', patch.name ?? '')]),
          )
          .executeTakeFirst();
        if (clash) throw new AppError('conflict', `Another brand is already called "${patch.name}".`);
        set.name = patch.name;
      }
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (Object.keys(set).length > 0) {
        await db
          .updateTable('brands')
          .set(set)
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
      }
      return this.get(workspaceId, id);
    },
  };
}

export function taxonomyRepo({ db }: Conn): TaxonomyRepo {
  return {
    async stages(workspaceId) {
      const stages = await db
        .selectFrom('journey_stages')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('position')
        .execute();
      const tps = await db
        .selectFrom('touchpoints')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('position')
        .execute();
      return stages.map((s) => ({
        id: s.id,
        key: s.key,
        name: s.name,
        position: s.position,
        touchpoints: tps
          .filter((t) => t.stage_id === s.id)
          .map((t) => ({
            id: t.id,
            key: t.key,
            name: t.name,
            examples: parseJson<string[]>(t.examples, []),
          })),
      }));
    },
    async replace(workspaceId, stages) {
      await db.deleteFrom('touchpoints').where('workspace_id', '=', workspaceId).execute();
      await db.deleteFrom('journey_stages').where('workspace_id', '=', workspaceId).execute();
      let tpPosition = 0;
      for (const [position, stage] of stages.entries()) {
        const stageId = newId();
        await db
          .insertInto('journey_stages')
          .values({ id: stageId, workspace_id: workspaceId, key: stage.key, name: stage.name, position })
          .execute();
        if (stage.touchpoints.length === 0) continue;
        await db
          .insertInto('touchpoints')
          .values(
            stage.touchpoints.map((t) => ({
              id: newId(),
              workspace_id: workspaceId,
              stage_id: stageId,
              key: t.key,
              name: t.name,
              examples: JSON.stringify(t.examples),
              position: tpPosition++,
            })),
          )
          .execute();
      }
    },
  };
}
