import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from './api';
import type { Brand, JourneyStage, Touchpoint } from './types';
import { useResource } from './use-resource';

export interface WorkspaceMeta {
  brands: Brand[];
  stages: JourneyStage[];
  /** False until both the brands and the taxonomy have loaded once. */
  loaded: boolean;
  /** Why loading the brands or the taxonomy failed, if it did. */
  error: unknown;
  /** Touchpoint name by key, for labels. */
  touchpointName: (key: string) => string;
  reloadBrands: () => void;
  /** Puts a changed brand into the list every page sees, without reloading it. */
  replaceBrand: (brand: Brand) => void;
}

const MetaContext = createContext<WorkspaceMeta | null>(null);

/** Loads the brands and the journey taxonomy of the selected workspace once for every page. */
export function WorkspaceMetaProvider({
  workspaceId,
  children,
}: {
  workspaceId: string;
  children: ReactNode;
}) {
  const brands = useResource(`brands:${workspaceId}`, () => api.brands());
  const taxonomy = useResource(`taxonomy:${workspaceId}`, () => api.taxonomy());

  const { mutate: mutateBrands } = brands;
  const value = useMemo<WorkspaceMeta>(() => {
    const byKey = new Map<string, Touchpoint>();
    for (const stage of taxonomy.data?.stages ?? [])
      for (const tp of stage.touchpoints) byKey.set(tp.key, tp);
    return {
      brands: brands.data?.brands ?? [],
      loaded: brands.data !== undefined && taxonomy.data !== undefined,
      error: brands.error ?? taxonomy.error,
      stages: [...(taxonomy.data?.stages ?? [])].sort((a, b) => a.position - b.position),
      touchpointName: (key) => byKey.get(key)?.name ?? key,
      reloadBrands: brands.reload,
      replaceBrand: (brand) =>
        mutateBrands((d) => ({ brands: d.brands.map((b) => (b.id === brand.id ? brand : b)) })),
    };
  }, [brands.data, brands.error, brands.reload, mutateBrands, taxonomy.data, taxonomy.error]);

  return <MetaContext.Provider value={value}>{children}</MetaContext.Provider>;
}

export function useWorkspaceMeta(): WorkspaceMeta {
  const meta = useContext(MetaContext);
  if (!meta) throw new Error('useWorkspaceMeta outside WorkspaceMetaProvider');
  return meta;
}
