import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from './api';
import type { Brand, JourneyStage, Touchpoint } from './types';
import { useResource } from './use-resource';

export interface WorkspaceMeta {
  brands: Brand[];
  stages: JourneyStage[];
  /** Touchpoint name by key, for labels. */
  touchpointName: (key: string) => string;
  reloadBrands: () => void;
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

  const value = useMemo<WorkspaceMeta>(() => {
    const byKey = new Map<string, Touchpoint>();
    for (const stage of taxonomy.data?.stages ?? [])
      for (const tp of stage.touchpoints) byKey.set(tp.key, tp);
    return {
      brands: brands.data?.brands ?? [],
      stages: [...(taxonomy.data?.stages ?? [])].sort((a, b) => a.position - b.position),
      touchpointName: (key) => byKey.get(key)?.name ?? key,
      reloadBrands: brands.reload,
    };
  }, [brands.data, brands.reload, taxonomy.data]);

  return <MetaContext.Provider value={value}>{children}</MetaContext.Provider>;
}

export function useWorkspaceMeta(): WorkspaceMeta {
  const meta = useContext(MetaContext);
  if (!meta) throw new Error('useWorkspaceMeta outside WorkspaceMetaProvider');
  return meta;
}
