import { createAnalyzer, type AnalysisContext, type AnalysisResult } from '../analysis/index.js';
import { DEFAULT_TAXONOMY } from '../core/journey/default-taxonomy.js';
import { loadWorkspaceModel } from '../core/models/workspace-model.js';
import { resolveWorkspace, withRuntime } from './context.js';

/** The default journey taxonomy, flattened as the analyser takes it. */
const DEFAULT_TOUCHPOINTS = DEFAULT_TAXONOMY.flatMap((s) => s.touchpoints);

/**
 * `touchpoint analyze`: the analysis ingest would store for this text. With no workspace it uses the
 * default journey taxonomy every new workspace starts with (issue #12: with no taxonomy at all it
 * printed `"touchpoints": []` even for the README's example); with `--workspace` that workspace's own
 * taxonomy and, when it has trained one, its own sentiment model, as ingest does.
 */
export async function analyzeCommand(
  text: string,
  opts: { rating?: number; workspace?: string },
): Promise<AnalysisResult> {
  const input = { text, rating: opts.rating };
  if (opts.workspace === undefined) return createAnalyzer().analyze(input, { taxonomy: DEFAULT_TOUCHPOINTS });
  return withRuntime(async (rt) => {
    const workspace = await resolveWorkspace(rt.store, opts.workspace);
    const stages = await rt.store.taxonomy.stages(workspace.id);
    const taxonomy = stages.flatMap((s) =>
      s.touchpoints.map((t) => ({ key: t.key, name: t.name, examples: t.examples })),
    );
    const model = await loadWorkspaceModel(rt.store, workspace.id);
    const context: AnalysisContext = model ? { taxonomy, sentimentModel: model } : { taxonomy };
    return rt.analyzer.analyze(input, context);
  });
}
