import { describe, expect, it } from 'vitest';
import { checkTone, namesMention } from './index.js';
import type { ToneContext } from './index.js';

const PUBLIC: ToneContext = { isPublic: true, platform: 'google', language: 'en' };
const PRIVATE: ToneContext = { isPublic: false, platform: 'email', language: 'en' };
const codes = (text: string, context: ToneContext = PUBLIC) =>
  checkTone(text, context).flags.map((f) => f.code);

describe('checkTone', () => {
  it('flags defensive replies in English, German and Chinese', () => {
    for (const text of [
      'We have never had a complaint about this before.',
      'Our staff are well trained to handle this.',
      "That's not our policy.",
      'As stated on our website, the pool closes at 8.',
      'Hi Tom,\n\nAs mentioned, the pool closes at 8.',
      'Dear guest, as explained, breakfast ends at ten.',
      'Unfortunately you arrived after check-in closed.',
      'Actually, the room was cleaned that morning.',
      "We're sorry you feel that way.",
      'Es tut uns leid, dass Sie das so empfinden.',
      '很遗憾您这样认为。',
      'Wir hatten noch nie eine Beschwerde über das Frühstück.',
      'Wie bereits erwähnt, gelten unsere AGB.',
      '我们从来没有人投诉过这个问题。',
      '其实那天房间已经打扫过了。',
    ]) {
      expect(codes(text), text).toContain('defensive');
    }
  });

  it('flags defensive, blaming, arguing and offering replies in Spanish, French, Italian, Portuguese and Dutch', () => {
    const cases: [string, string][] = [
      ['Nunca hemos tenido ninguna queja sobre el desayuno.', 'defensive'],
      ['Según nuestra política, la piscina cierra a las 8.', 'defensive'],
      ['En realidad, la habitación se limpió esa mañana.', 'defensive'],
      ['Debería haber leído las condiciones.', 'blaming'],
      ['Eso no es cierto: el pedido salió a tiempo.', 'arguing'],
      ['Le ofrecemos un cupón de 20 € para su próxima visita.', 'public_compensation'],
      ["Comme nous l'avons indiqué, le petit-déjeuner se termine à 10 h.", 'defensive'],
      ['Ce n’est pas notre faute si le train était en retard.', 'defensive'],
      ['Vous auriez dû vérifier votre réservation.', 'blaming'],
      ['Vous vous trompez, la chambre était propre.', 'arguing'],
      ['Nous vous offrons un bon d’achat de 20 €.', 'public_compensation'],
      ['Secondo la nostra politica, la colazione finisce alle 10.', 'defensive'],
      ['Avrebbe dovuto leggere le condizioni.', 'blaming'],
      ['Le offriamo un buono sconto per la prossima visita.', 'public_compensation'],
      ['Na verdade, o quarto foi limpo naquela manhã.', 'defensive'],
      ['Isso não é verdade, o pedido saiu no horário.', 'arguing'],
      ['Oferecemos um cupom de desconto para a próxima compra.', 'public_compensation'],
      ['Het is niet onze schuld dat de trein te laat was.', 'defensive'],
      ['U had de voorwaarden moeten lezen.', 'blaming'],
      ['We geven u een cadeaubon van 20 euro.', 'public_compensation'],
    ];
    for (const [text, code] of cases) expect(codes(text), text).toContain(code);
    expect(
      codes('Gracias por sus comentarios. Disculpe las molestias.', { ...PUBLIC, mentions: ['retraso'] }),
    ).toEqual(['generic']);
    expect(
      codes('Merci pour votre retour. Désolés pour la gêne occasionnée.', {
        ...PUBLIC,
        mentions: ['retard'],
      }),
    ).toEqual(['generic']);
    expect(
      codes('Disculpe las molestias por el retraso de ayer.', { ...PUBLIC, mentions: ['retraso'] }),
    ).toEqual([]);
  });

  it('flags blaming replies', () => {
    for (const text of [
      'You should have read the booking terms.',
      'This was your own fault.',
      'You failed to check in online.',
      'If you had read the confirmation, you would know.',
      'Sie hätten früher anrufen müssen.',
      '您应该提前确认航班时间。',
    ]) {
      expect(codes(text), text).toContain('blaming');
    }
  });

  it('flags replies that contradict the customer', () => {
    for (const text of [
      "That's not true, the driver was on time.",
      'You are wrong about the price.',
      'Das stimmt nicht, wir waren pünktlich.',
      'Sie irren sich, das Zimmer war sauber.',
      '这不是事实，我们的员工很有礼貌。',
    ]) {
      expect(codes(text), text).toContain('arguing');
    }
  });

  it('flags compensation offered in public, and only in public', () => {
    for (const text of [
      "We'd like to offer you a 20% discount on your next stay.",
      'Here is a voucher for a free dessert.',
      'We will refund the full amount today.',
      'We have issued a full refund.',
      'Als Entschuldigung schicken wir Ihnen einen Gutschein.',
      'Wir erstatten Ihnen den Betrag.',
      '我们会为您退款，并赠送优惠券。',
      '我们愿意赔偿您的损失。',
    ]) {
      expect(codes(text), text).toContain('public_compensation');
      expect(codes(text, PRIVATE), text).not.toContain('public_compensation');
    }
  });

  it('does not flag ordinary words that look like offers', () => {
    for (const text of [
      'Please feel free to write to us at care@example.com.',
      'That is on us, and we are sorry.',
      "I'm sorry about the wait for your refund; we will look into your refund request today.",
      'You should have received a confirmation e-mail from us by now; if not, please write to us.',
      'Die Rechnung ist bei uns falsch gelaufen, das prüfen wir heute.',
      'You should have the option to download the invoice on the next page.',
      'You should have been told about the gate change, and we are sorry.',
      'The new charger should perform as stated, so we are replacing yours today.',
      'Our money back guarantee applies to every order.',
    ]) {
      expect(codes(text), text).toEqual([]);
    }
  });

  it('flags boilerplate that names none of the customer specifics as generic', () => {
    const context = { ...PUBLIC, mentions: ['delayed', 'flight SB212'] };
    expect(codes('Thank you for your feedback. We value your feedback.', context)).toEqual(['generic']);
    expect(codes('Thank you for your feedback. We are sorry your flight was delayed.', context)).toEqual([]);
    expect(codes('感谢您的反馈，给您带来不便深表歉意。', { ...PUBLIC, mentions: ['行李'] })).toEqual([
      'generic',
    ]);
    expect(codes('感谢您的反馈，您的行李我们正在追踪。', { ...PUBLIC, mentions: ['行李'] })).toEqual([]);
    // Without the customer's specifics only a reply of nothing but boilerplate is generic.
    expect(codes('Thank you for your feedback. We value your feedback.')).toEqual(['generic']);
    expect(codes('Thank you for your feedback, the broken shower is fixed today.')).toEqual([]);
  });

  it('flags a reply over the platform limit, with the span from where it is too long', () => {
    const text = 'We are sorry about the delay. '.repeat(12);
    const check = checkTone(text, { ...PUBLIC, platform: 'twitter' });
    expect(check.ok).toBe(false);
    const flag = check.flags.find((f) => f.code === 'too_long');
    expect(flag?.span?.start).toBe(280);
    expect(flag?.message).toContain('360 of 280 on twitter');
    expect(codes(text, PRIVATE)).toEqual([]);
    // Chinese counts twice on X: 150 characters are 300.
    expect(codes('我'.repeat(150), { ...PUBLIC, platform: 'x' })).toEqual(['too_long']);
  });

  it('gives each flag a message and the span of the phrase', () => {
    const text = 'Hi Anna, as stated before, you should have booked earlier. We can offer a voucher.';
    const check = checkTone(text, PUBLIC);
    expect(check.flags.map((f) => f.code)).toEqual(['defensive', 'blaming', 'public_compensation']);
    for (const flag of check.flags) {
      expect(flag.message.length).toBeGreaterThan(20);
      expect(text.slice(flag.span?.start, flag.span?.end)).toBe(flag.span?.text);
    }
    expect(check.flags[1]?.span?.text).toBe('you should have booked');
  });
});

describe('namesMention', () => {
  it('matches phrases, stems and Chinese two-character words', () => {
    expect(namesMention('Sorry about the delay.', 'delayed')).toBe(true);
    expect(namesMention('Sorry about the delay.', 'rude waiter')).toBe(false);
    expect(namesMention('Bitte entschuldigen Sie die Verspätung.', 'Verspätung')).toBe(true);
    expect(namesMention('非常抱歉房间的卫生问题。', '房间很脏')).toBe(true);
    expect(namesMention('非常抱歉给您带来不便。', '房间很脏')).toBe(false);
  });
});
