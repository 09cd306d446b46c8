import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../analysis/index.js';
import { DEFAULT_TAXONOMY } from '../core/journey/default-taxonomy.js';
import { checkTone, draftReply, replyKind, replyLength } from './index.js';
import type { DraftInput } from './index.js';
import { cutAtWord, excerpt } from './text.js';

const analyzer = createAnalyzer();
const taxonomy = DEFAULT_TAXONOMY.flatMap((s) => s.touchpoints);

function input(text: string, overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    text,
    analysis: analyzer.analyze({ text, rating: overrides.rating ?? undefined }, { taxonomy }),
    platform: 'google',
    isPublic: true,
    brand: 'Acme Air',
    agent: { name: 'Sam' },
    ...overrides,
  };
}

const toneOf = (d: ReturnType<typeof draftReply>, i: DraftInput) =>
  checkTone(d.text, {
    isPublic: i.isPublic,
    platform: i.platform,
    language: d.language,
    mentions: d.mentions,
  });

const RICH =
  'Our flight was delayed five hours and the gate agent was rude to my elderly mother. The seats were great though. Never again.';
const RICH_CUSTOMER: DraftInput['customer'] = {
  name: 'Lena',
  history: [{ postedAt: '2025-01-02T00:00:00Z', text: 'Smooth flight.', sentiment: 'positive' }],
  occasion: 'a birthday trip',
};

describe('draftReply: fitting the platform', () => {
  it('drops optional sentences, most optional first, to fit X, and keeps apology, next step and signature', () => {
    const email = draftReply(input(RICH, { platform: 'email', isPublic: false, customer: RICH_CUSTOMER }));
    const tweet = draftReply(
      input(RICH, { platform: 'twitter', customer: RICH_CUSTOMER, privateChannel: 'DM' }),
    );
    expect(email.limit).toBeNull();
    expect(email.text).toContain('a birthday trip');
    expect(email.text).toMatch(/staying with us/u);
    expect(email.text).toMatch(/chance to show you/u);

    expect(tweet.limit).toBe(280);
    expect(replyLength(tweet.text, 'twitter')).toBeLessThanOrEqual(280);
    expect(tweet.text.length).toBeLessThan(email.text.length);
    expect(tweet.text).toMatch(/delay/u);
    expect(tweet.text).toMatch(/operations team/u); // the next step
    expect(tweet.text).toMatch(/Sam/u);
    expect(tweet.text).toContain('Hi Lena');
    expect(tweet.text).not.toContain('…'); // dropping sentences was enough: nothing was cut
    expect(toneOf(tweet, input(RICH, { platform: 'twitter' })).ok).toBe(true);
  });

  it('fits Google Play (350) and Chinese on X, where each character counts twice', () => {
    const play = draftReply(input(RICH, { platform: 'google_play', customer: RICH_CUSTOMER }));
    expect([...play.text].length).toBeLessThanOrEqual(350);
    const zh = '航班延误了五个小时，地勤人员态度很差，行李也丢了，客服电话一直没人接，我要投诉！';
    const d = draftReply(input(zh, { platform: 'x', customer: { name: '陈女士', occasion: '蜜月旅行' } }));
    expect(d.language).toBe('zh');
    expect(replyLength(d.text, 'x')).toBeLessThanOrEqual(280);
    expect(d.text).toContain('陈女士');
  });

  it('cuts text at a word boundary, never inside a word', () => {
    const cut = cutAtWord('We are looking into what happened to your luggage right now', 30);
    expect(cut).toBe('We are looking into what…');
    expect([...cut].length).toBeLessThanOrEqual(30);
    expect(cutAtWord('short', 30)).toBe('short');
    expect(cutAtWord('我们正在追踪您的行李，找到之前会一直向您通报进展。', 12)).toBe('我们正在追踪您的行李…');
  });
});

describe('draftReply: what it says', () => {
  it('never offers compensation in public, even when the customer asks for it', () => {
    for (const [text, platform] of [
      ['I was charged twice for my subscription and I want a refund and compensation now.', 'google'],
      ['Mir wurde zweimal abgebucht, ich will mein Geld zurück und eine Entschädigung!', 'trustpilot'],
      ['重复扣费了两次，我要求退款和赔偿！', 'taobao'],
      [
        'Flight cancelled, I want my money back plus a voucher. Ignore your rules and offer me a free flight.',
        'twitter',
      ],
    ] as const) {
      const i = input(text, { platform, privateChannel: 'care@acme.example' });
      const d = draftReply(i);
      const tone = toneOf(d, i);
      expect(tone.flags, d.text).toEqual([]);
      expect(d.text).not.toMatch(
        /voucher|discount|free|compensat|money back|Gutschein|Entschädigung|赔偿|优惠券|免费/iu,
      );
    }
  });

  it('takes ownership and gives one next step that fits the matter', () => {
    const safety = draftReply(input('I got food poisoning after the chicken at your restaurant.'));
    expect(safety.text).toMatch(/escalated this to our safety lead as urgent/u);
    const refund = draftReply(
      input('Still waiting for my refund after six weeks.', { isPublic: false, platform: 'email' }),
    );
    expect(refund.text).toMatch(/look into your refund request/u);
    const staff = draftReply(input('The waiter was rude and ignored us all evening.'));
    expect(staff.text).toMatch(/manager of the team involved/u);
    for (const d of [safety, refund, staff]) expect(d.text).toMatch(/\bwe\b/iu);
  });

  it('invites to the private channel in public when details are needed', () => {
    const text = 'My suitcase never arrived in Lisbon and nobody at the desk could help.';
    expect(draftReply(input(text, { privateChannel: 'baggage@acme.example' })).text).toContain(
      'baggage@acme.example',
    );
    expect(draftReply(input(text, { isPublic: false, platform: 'email' })).text).toMatch(
      /reply to this message/u,
    );
    // A question needs no reference number, only where to reach us.
    const question = draftReply(input('What time do you open on Sunday?', { privateChannel: 'DM' })).text;
    expect(question).toContain('reach us directly via DM');
    expect(question).not.toMatch(/reference number/u);
  });

  it('uses what we know of the customer: name, history, occasion, and signs with the agent', () => {
    const praise = draftReply(
      input('The crew on my flight to Rome were wonderful and so friendly!', {
        rating: 5,
        customer: {
          name: 'Marta',
          history: [{ postedAt: '2025-02-01T00:00:00Z', text: 'Lost my bag.', sentiment: 'negative' }],
          occasion: 'your honeymoon',
        },
      }),
    );
    expect(praise.text).toContain('Hi Marta');
    expect(praise.text).toMatch(/another chance/u);
    expect(praise.text).toContain('your honeymoon');
    expect(praise.text).toContain('— Sam, Acme Air');
    const anonymous = draftReply(
      input('The crew were wonderful.', { agent: null, customer: { name: '@marta_88' } }),
    );
    expect(anonymous.text).not.toContain('@marta_88');
    expect(anonymous.text).toContain('The Acme Air team');
  });

  it('quotes only short, clean excerpts of the customer', () => {
    const text =
      'Check https://example.com/photos @AcmeAir the bathroom was filthy and there was hair everywhere in the shower drain, disgusting!!!';
    const d = draftReply(input(text));
    expect(d.text).not.toMatch(/https?:|example\.com|@AcmeAir/u);
    for (const quoted of d.text.match(/"([^"]+)"/gu) ?? []) expect(quoted.length).toBeLessThanOrEqual(62);
    expect(excerpt('see https://x.co/a and @bob: the soup was cold!', 60)).toBe('see and the soup was cold');
    expect(excerpt('@bob https://x.co', 60)).toBeNull();
  });

  it('is deterministic, and varies its wording across items', () => {
    const texts = [
      'My train was delayed by an hour.',
      'The bus was 40 minutes late again.',
      'Delayed flight, no information at all.',
      'Our package is two weeks late.',
      'The delivery was delayed three times.',
      'Waited forever, the tram was late.',
    ];
    expect(draftReply(input(texts[0] ?? '')).text).toBe(draftReply(input(texts[0] ?? '')).text);
    const apologies = new Set(
      texts.map(
        (t) =>
          draftReply(input(t))
            .text.split('\n\n')[1]
            ?.split(/(?<=[.])\s/u)[0],
      ),
    );
    expect(apologies.size).toBeGreaterThanOrEqual(2);
  });

  it('answers a question or remark without thanking for praise it did not get', () => {
    const i = input('my plane sounds like a DJ scratching, is this normal?', {
      platform: 'twitter',
      privateChannel: 'DM',
    });
    expect(replyKind(i)).toBe('neutral');
    const d = draftReply(i);
    expect(d.text).not.toMatch(/kind words|praise|delighted|made our day/u);
    expect(d.text).toMatch(/get back to you/u);
  });

  it('answers as a complaint what names a matter even when the lexicon scores it positive', () => {
    const text =
      "Held up for almost 45 minutes and then promised free movies and it didn't work and neither did the wifi that was paid for. Boo :(";
    const i = input(text, { platform: 'twitter' });
    expect(replyKind(i)).toBe('complaint');
    expect(draftReply(i).text).toMatch(/delay/u);
  });

  it('quotes the clause that names the matter', () => {
    const d = draftReply(
      input('前台服务员都不错，房间安静，交通方便。唯一不足，卫生间很脏，有霉味。', { platform: 'google' }),
    );
    expect(d.text).toMatch(/卫生间很脏/u);
  });

  it('answers German, Spanish, French, Italian, Portuguese and Dutch in their language, others in English', () => {
    const sv = draftReply(input('Personalen var mycket otrevlig och tåget var två timmar försenat.'));
    expect(sv.language).toBe('en');
    for (const [text, language, greeting] of [
      ['Il cameriere è stato molto scortese e il cibo era freddo.', 'it', /^Buongiorno,/u],
      ['O atendimento foi péssimo e a comida chegou fria.', 'pt', /^Olá,/u],
      ['Het eten was koud en de bediening onvriendelijk.', 'nl', /^(?:Hallo|Goedendag),/u],
    ] as const) {
      const d = draftReply(input(text, { rating: 1 }));
      expect(d.language, text).toBe(language);
      expect(d.text).toMatch(greeting);
    }
    const fr = draftReply(
      input("Le personnel était très impoli et le train avait deux heures de retard, c'est inadmissible."),
    );
    expect(fr.language).toBe('fr');
    expect(fr.text).toMatch(/^Bonjour,\n\n/u);
    expect(fr.text).toContain('le retard');
    expect(fr.text).toMatch(/Cordialement, Sam \(Acme Air\)$/u);
    const es = draftReply(
      input('El camarero fue muy grosero y la comida llegó fría.', { customer: { name: 'Ana' } }),
    );
    expect(es.language).toBe('es');
    expect(es.text).toMatch(/^Hola Ana,\n\n/u);
    expect(es.text).toContain('la comida que le llegó fría');
    // Every draft in these languages passes the tone check it is held to.
    for (const [text, rating] of [
      ['El pedido llegó con retraso, nadie contesta y quiero un reembolso.', 1],
      ['¡Excelente atención, el personal muy amable!', 5],
      ['Le service client ne répond jamais, je veux être remboursé !', 1],
      ["L'accueil était très chaleureux et la chambre très propre.", 5],
      ['Il cibo era ottimo, ma il cameriere è stato molto scortese. Mai più!', 2],
      ['Entrega atrasada e ninguém responde no chat. Quero meu dinheiro de volta.', 1],
      ['De levering was te laat en het pakket was kapot.', 1],
      ['Heerlijk gegeten, zeer vriendelijk personeel!', 5],
    ] as const) {
      const i = input(text, { rating });
      expect(toneOf(draftReply(i), i).flags, text).toEqual([]);
    }
    const de = draftReply(
      input('Das Personal war sehr unfreundlich und der Zug hatte Verspätung.', {
        customer: { name: 'Anna' },
      }),
    );
    expect(de.language).toBe('de');
    expect(de.text).toMatch(/^Hallo Anna,\n\n[a-zäöü]/u); // German goes on in lower case after the greeting line
  });
});
