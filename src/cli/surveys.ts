/**
 * `touchpoint surveys list|show|results|create` (issue #15): the surveys of a workspace, one survey's
 * definition, its results (score with interval, response rate, distribution, themes), and a new
 * survey from a JSON file (the body of POST /api/v1/surveys). Output is text, or JSON with --json.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { createSurvey, getSurvey, surveyResults, type SurveyResults } from '../core/surveys/index.js';
import type { Estimate } from '../core/metrics/stats.js';
import { CliError, resolveWorkspace, withRuntime } from './context.js';

interface Opts {
  workspace?: string;
  json?: boolean;
}

const out = (s: string) => process.stdout.write(`${s}\n`);

function fmt(e: Estimate, kind: SurveyResults['kind']): string {
  if (e.value === null) return 'no answers';
  const v = (x: number) =>
    kind === 'csat' ? `${(x * 100).toFixed(1)} %` : x.toFixed(kind === 'nps' ? 0 : 2);
  const ci = e.low !== null && e.high !== null ? ` (95 % CI ${v(e.low)} … ${v(e.high)})` : '';
  return `${v(e.value)}${ci}, n = ${e.n}${e.enough ? '' : ' — not enough data (n < 30)'}`;
}

export function registerSurveys(program: Command): void {
  const surveys = program
    .command('surveys')
    .description('Surveys: list, show, results, create from a JSON file');
  const ws = (c: Command) =>
    c
      .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
      .option('--json', 'print JSON');

  ws(surveys.command('list').description('Surveys with their status and counts')).action(
    async (opts: Opts) => {
      await withRuntime(async (rt) => {
        const w = await resolveWorkspace(rt.store, opts.workspace);
        const list = await rt.store.surveys.list(w.id);
        if (opts.json) return out(JSON.stringify(list, null, 2));
        if (list.length === 0)
          return out('No surveys. Create one with `touchpoint surveys create --file survey.json`.');
        for (const s of list) {
          out(
            `${s.id}  ${s.status.padEnd(6)}  ${s.questionKind.padEnd(5)}  ${String(s.responses).padStart(6)} answers  ${String(s.invited).padStart(6)} invited  /s/${s.publicId}  ${s.name}`,
          );
        }
      });
    },
  );

  ws(
    surveys.command('show').description("A survey's definition").requiredOption('--id <id>', 'the survey id'),
  ).action(async (opts: Opts & { id: string }) => {
    await withRuntime(async (rt) => {
      const w = await resolveWorkspace(rt.store, opts.workspace);
      const s = await getSurvey(rt.store, w.id, opts.id);
      if (opts.json) return out(JSON.stringify(s, null, 2));
      out(`${s.name} (${s.status}, ${s.questionKind}) — public link /s/${s.publicId}`);
      out(
        `touchpoint: ${s.touchpointKey ?? '-'}  stage: ${s.stageKey ?? '-'}  default language: ${s.defaultLanguage}`,
      );
      out(`question: ${JSON.stringify(s.definition.question.wording)}`);
      out(
        `follow-up: ${s.definition.followUp.enabled ? JSON.stringify(s.definition.followUp.wording) : 'none'}`,
      );
      out(`extra questions: ${s.definition.extraQuestions.map((q) => q.id).join(', ') || 'none'}`);
      out(
        `triggers: ${s.definition.triggers.map((t) => `${t.event} +${t.delayHours}h`).join(', ') || 'none'}`,
      );
    });
  });

  ws(
    surveys
      .command('results')
      .description('Results: the score with its interval, response rate, distribution, themes')
      .requiredOption('--id <id>', 'the survey id')
      .option('--from <date>', 'answers from this ISO date')
      .option('--to <date>', 'answers before this ISO date'),
  ).action(async (opts: Opts & { id: string; from?: string; to?: string }) => {
    const iso = (d: string | undefined, flag: string) => {
      if (d === undefined) return undefined;
      const t = new Date(d);
      if (Number.isNaN(t.getTime())) throw new CliError(`${flag} ${d}: not a date (use YYYY-MM-DD)`);
      return t.toISOString();
    };
    const period = { from: iso(opts.from, '--from'), to: iso(opts.to, '--to') };
    await withRuntime(async (rt) => {
      const w = await resolveWorkspace(rt.store, opts.workspace);
      const r = await surveyResults(rt.store, w.id, opts.id, period);
      if (opts.json) return out(JSON.stringify(r, null, 2));
      const label = { nps: 'NPS', csat: 'CSAT', ces: 'CES', stars: 'Stars' }[r.kind];
      out(`${label}: ${fmt(r.score, r.kind)}`);
      out(`answers: ${r.responses} (${r.complete} complete, ${r.partial} partial)`);
      out(
        `invited: ${r.invited}, sent: ${r.sent}, response rate: ${r.responseRate.value === null ? '-' : fmt(r.responseRate, 'csat')}`,
      );
      out(`distribution: ${r.distribution.map((d) => `${d.score}:${d.n}`).join('  ') || '-'}`);
      for (const t of r.themes.touchpoints) out(`  ${t.key.padEnd(16)} low ${t.low}  high ${t.high}`);
    });
  });

  ws(
    surveys
      .command('create')
      .description('Create a survey (a draft) from a JSON file: the body of POST /api/v1/surveys')
      .requiredOption('--file <file>', 'the JSON file'),
  ).action(async (opts: Opts & { file: string }) => {
    let body: unknown;
    try {
      body = JSON.parse(fs.readFileSync(opts.file, 'utf8'));
    } catch (e) {
      throw new CliError(`${opts.file}: ${(e as Error).message}`);
    }
    await withRuntime(async (rt) => {
      const w = await resolveWorkspace(rt.store, opts.workspace);
      const s = await createSurvey(
        rt.store,
        { workspaceId: w.id, actor: { type: 'system', id: null }, now: rt.clock.now().toISOString() },
        body,
      );
      if (opts.json) return out(JSON.stringify(s, null, 2));
      out(
        `Created survey ${s.id} (draft): public link /s/${s.publicId}. Activate it in the dashboard or with the API.`,
      );
    });
  });
}
