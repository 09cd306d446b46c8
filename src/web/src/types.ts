/** Wire types of the /api/v1 JSON API, as the dashboard reads them (see the server's presenters). */

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type Role = 'viewer' | 'agent' | 'admin' | 'owner';
export type Scope = 'feedback:read' | 'feedback:write' | 'workspace:read';
export const SCOPES: readonly Scope[] = ['feedback:read', 'feedback:write', 'workspace:read'];

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  isDemo: boolean;
  role: Role;
}

/** What /me, /auth/login and /setup return. */
export interface Session {
  user: User;
  workspaces: WorkspaceSummary[];
  csrfToken: string;
}

export interface Brand {
  id: string;
  name: string;
  slug: string;
  kind: 'own' | 'competitor';
}

export interface Touchpoint {
  id: string;
  key: string;
  name: string;
  examples: string[];
}

export interface JourneyStage {
  id: string;
  key: string;
  name: string;
  position: number;
  touchpoints: Touchpoint[];
}

export interface Score {
  kind: 'nps' | 'csat' | 'ces';
  value: number;
}

export interface FeedbackItem {
  id: string;
  brand: Brand;
  platform: string;
  channel: string;
  externalId: string;
  version: number;
  author: { handle: string | null; name: string | null; reach: number | null };
  rating: number | null;
  score: Score | null;
  title: string | null;
  text: string;
  url: string | null;
  postedAt: string;
  receivedAt: string;
  analysisStatus: 'pending' | 'done' | 'failed';
  language: string | null;
  sentiment: { label: SentimentLabel; score: number } | null;
  urgency: number | null;
  touchpoints: { key: string; label: SentimentLabel; score: number }[];
  intents: string[];
}

export interface Evidence {
  start: number;
  end: number;
  text: string;
}

export interface Sentiment {
  label: SentimentLabel;
  score: number;
  confidence: number;
}

export interface Analysis {
  language: string;
  languageConfidence: number;
  sentiment: Sentiment;
  sentences: (Sentiment & Evidence)[];
  touchpoints: { key: string; sentiment: Sentiment; evidence: Evidence[] }[];
  intents: { intent: string; confidence: number; evidence: Evidence[] }[];
  urgency: { score: number; reasons: string[] };
  model: string;
}

export interface FeedbackVersion {
  version: number;
  title: string | null;
  text: string;
  rating: number | null;
  score: Score | null;
  receivedAt: string;
}

export interface FeedbackDetail extends FeedbackItem {
  versions: FeedbackVersion[];
  analysis: Analysis | null;
}

export interface FeedbackPage {
  items: FeedbackItem[];
  nextCursor: string | null;
}

export interface SentimentCounts {
  total: number;
  negative: number;
  neutral: number;
  positive: number;
}

export interface FeedbackCounts {
  total: number;
  bySentiment: { negative: number; neutral: number; positive: number; unanalysed: number };
  byTouchpoint: (SentimentCounts & { key: string })[];
  byBrand: (SentimentCounts & { brandId: string })[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ImportJob {
  id: string;
  filename: string;
  format: string | null;
  status: 'waiting' | 'running' | 'done' | 'failed';
  bytesTotal: number | null;
  bytesRead: number;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: { line: number; reason: string }[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** An RFC 9457 problem document as the API sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}
