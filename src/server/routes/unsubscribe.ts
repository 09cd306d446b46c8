/**
 * The unsubscribe pages (issue #15), public and server-rendered: `GET /u/{token}` asks to confirm
 * (a link scanner that follows every link in a mail must not unsubscribe anyone), `POST /u/{token}`
 * unsubscribes — from the page's form, or from a mail client's one-click button (RFC 8058: a POST
 * with `List-Unsubscribe=One-Click`). Idempotent; a forged or unknown token gets a 404 page.
 */
import type { Context } from 'hono';
import { escapeHtml } from '../../channels/email-body.js';
import { AppError } from '../../core/errors.js';
import { unsubscribe, unsubscribePreview } from '../../core/outreach/consent.js';
import { router, type AppEnv } from '../env.js';

interface PageWords {
  title: string;
  ask: (business: string) => string;
  button: string;
  done: (business: string) => string;
  already: (business: string) => string;
  invalid: string;
}

const WORDS: Record<string, PageWords> = {
  en: {
    title: 'Unsubscribe',
    ask: (b) => `Stop receiving surveys and review invitations from ${b} by e-mail?`,
    button: 'Unsubscribe',
    done: (b) =>
      `You are unsubscribed. ${b} will not send you surveys or review invitations by e-mail any more.`,
    already: (b) => `You are already unsubscribed from the e-mails of ${b}.`,
    invalid: 'This unsubscribe link is not valid. Please use the link of the e-mail you received.',
  },
  de: {
    title: 'Abbestellen',
    ask: (b) => `Keine Umfragen und Bewertungseinladungen von ${b} mehr per E-Mail erhalten?`,
    button: 'Abbestellen',
    done: (b) =>
      `Sie sind abgemeldet. ${b} sendet Ihnen keine Umfragen oder Bewertungseinladungen mehr per E-Mail.`,
    already: (b) => `Sie haben die E-Mails von ${b} bereits abbestellt.`,
    invalid: 'Dieser Abmeldelink ist ungültig. Bitte verwenden Sie den Link aus der erhaltenen E-Mail.',
  },
  fr: {
    title: 'Se désabonner',
    ask: (b) => `Ne plus recevoir de questionnaires ni d’invitations à donner un avis de ${b} par e-mail ?`,
    button: 'Se désabonner',
    done: (b) =>
      `Vous êtes désabonné. ${b} ne vous enverra plus de questionnaires ni d’invitations par e-mail.`,
    already: (b) => `Vous êtes déjà désabonné des e-mails de ${b}.`,
    invalid: 'Ce lien de désabonnement n’est pas valide. Utilisez le lien de l’e-mail reçu.',
  },
  es: {
    title: 'Darse de baja',
    ask: (b) => `¿Dejar de recibir encuestas e invitaciones a opinar de ${b} por correo?`,
    button: 'Darse de baja',
    done: (b) => `Se ha dado de baja. ${b} ya no le enviará encuestas ni invitaciones por correo.`,
    already: (b) => `Ya se había dado de baja de los correos de ${b}.`,
    invalid: 'Este enlace de baja no es válido. Use el enlace del correo que recibió.',
  },
};

function languageOf(c: Context<AppEnv>): string {
  const header = c.req.header('accept-language') ?? '';
  for (const part of header.split(',')) {
    const base = part.trim().split(';')[0]?.split('-')[0]?.toLowerCase() ?? '';
    if (base in WORDS) return base;
  }
  return 'en';
}

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;background:#f4f4f5;color:#18181b}
main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:8px}
h1{font-size:1.5rem;margin:0 0 1rem}
p{font-size:1.0625rem;line-height:1.5}
button{font:inherit;font-weight:600;padding:.75rem 1.5rem;border:2px solid #18181b;border-radius:6px;background:#18181b;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

function invalid(c: Context<AppEnv>, lang: string) {
  const w = WORDS[lang] ?? WORDS.en!;
  return c.html(page(lang, w.title, `<p>${escapeHtml(w.invalid)}</p>`), 404, NO_STORE);
}

export const unsubscribeRoutes = router()
  .get('/u/:token', async (c) => {
    const lang = languageOf(c);
    const w = WORDS[lang] ?? WORDS.en!;
    const token = c.req.param('token');
    try {
      const { businessName, unsubscribed } = await unsubscribePreview(c.get('runtime').store, token);
      if (unsubscribed) {
        return c.html(page(lang, w.title, `<p>${escapeHtml(w.already(businessName))}</p>`), 200, NO_STORE);
      }
      const form = `<p>${escapeHtml(w.ask(businessName))}</p>
<form method="post" action="/u/${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(w.button)}</button>
</form>`;
      return c.html(page(lang, w.title, form), 200, NO_STORE);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') return invalid(c, lang);
      throw e;
    }
  })
  .post('/u/:token', async (c) => {
    const lang = languageOf(c);
    const w = WORDS[lang] ?? WORDS.en!;
    const runtime = c.get('runtime');
    try {
      const { businessName, changed } = await unsubscribe(
        runtime.store,
        c.req.param('token'),
        runtime.clock.now().toISOString(),
      );
      const text = changed ? w.done(businessName) : w.already(businessName);
      return c.html(page(lang, w.title, `<p role="status">${escapeHtml(text)}</p>`), 200, NO_STORE);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') return invalid(c, lang);
      throw e;
    }
  });
