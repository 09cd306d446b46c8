import { describe, expect, it } from 'vitest';
import type { Intent, Sentiment } from '../types.js';
import { detectIntents, urgencyOf } from './index.js';

const NEUTRAL: Sentiment = { label: 'neutral', score: 0, confidence: 0.6 };
const intentsOf = (text: string, sentiment = NEUTRAL): Intent[] =>
  detectIntents(text, [], sentiment).map((m) => m.intent);

describe('detectIntents', () => {
  it.each<[Intent, string]>([
    ['question', 'How do I change my seat'],
    ['question', 'Wie kann ich meinen Sitzplatz ändern'],
    ['question', '可以改座位吗'],
    ['refund_request', 'I want my money back'],
    ['refund_request', 'Ich möchte eine Erstattung'],
    ['refund_request', '我要退款'],
    ['churn_threat', 'Never flying with you again'],
    ['churn_threat', 'Nie wieder diese Bahn'],
    ['churn_threat', '再也不来了'],
    ['legal_threat', 'My lawyer will hear about this'],
    ['legal_threat', 'Ich gehe zum Anwalt'],
    ['legal_threat', '我要起诉你们'],
    ['safety_issue', 'I got food poisoning from the chicken'],
    ['safety_issue', 'Lebensmittelvergiftung nach dem Essen'],
    ['safety_issue', '吃完食物中毒了'],
    ['public_threat', 'I will tell everyone about this'],
    ['public_threat', 'going to the media with this'],
    ['public_threat', '我要曝光你们'],
    ['suggestion', 'It would be nice to have vegan options'],
    ['suggestion', 'Es wäre schön, mehr Steckdosen zu haben'],
    ['suggestion', '建议增加儿童餐'],
  ])('finds %s in "%s"', (intent, text) => {
    expect(intentsOf(text)).toContain(intent);
  });

  it('does not find phrases inside other words', () => {
    expect(intentsOf('Great courtesy from the crew, so gut wie immer')).toEqual([]);
    expect(intentsOf('They should fire whoever planned this')).not.toContain('safety_issue');
  });

  it('derives complaint and praise from the sentiment', () => {
    expect(intentsOf('Bad.', { label: 'negative', score: -0.5, confidence: 0.7 })).toContain('complaint');
    expect(intentsOf('Good.', { label: 'positive', score: 0.5, confidence: 0.7 })).toContain('praise');
  });

  it('gives evidence with offsets into the text', () => {
    const text = 'Honestly? I will sue you. Food poisoning!';
    for (const mention of detectIntents(text, [], NEUTRAL)) {
      for (const e of mention.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
  });
});

describe('detectIntents: urgent intents by sense, not by bare words', () => {
  const has = (intent: Intent, text: string, language?: string) =>
    detectIntents(text, [], NEUTRAL, undefined, language)
      .map((m) => m.intent)
      .includes(intent);

  it.each<[string, string]>([
    ['safety: injury, illness, poisoning', 'My son was injured when the overhead bin opened'],
    ['safety: illness', 'We all got sick after eating the chicken'],
    ['safety: allergens', 'I am allergic to nuts and they served them anyway'],
    ['safety: smoke and fire', 'There was smoke in the cabin and the engine caught fire'],
    ['safety: electric', 'The charger was shooting sparks'],
    ['safety: burns', 'It gets hot enough to burn my legs'],
    ['safety: assault', 'A passenger assaulted me and the crew did nothing'],
    ['safety: harassment', 'I was harassed by the driver'],
    ['safety: abuse', 'I was verbally abused by the gate agent'],
    ['safety: pests', 'Cockroaches crawling on the counter'],
    ['safety: pests in food', 'There was a worm in my salad'],
    ['safety: German fire', 'Brand im Zug, alle mussten raus'],
    ['safety: German assault', 'Fahrgäste im Zug verprügelt, niemand hilft'],
    ['safety: Chinese pests', '房间里有蟑螂'],
    ['safety: Chinese illness', '吃了就拉肚子'],
  ])('%s: "%s"', (_, text) => {
    const language = /Zug/.test(text) ? 'de' : undefined;
    expect(has('safety_issue', text, language)).toBe(true);
  });

  it.each<[string, string]>([
    ['"brand" in English', 'Great flight on a brand new jet'],
    ['"brand" as a make', 'I would never recommend the brand'],
    ['Kindle Fire', 'Kids left a Kindle Fire on board'],
    ['slang fire', 'This deal is fire'],
    ['fire someone', 'Fire the agent who refused me'],
    ['figurative fire', 'I wanted to light the laptop on fire'],
    ['insult to injury', 'A $35 fee to deliver the bags? Insult to injury.'],
    ['killing it', 'The crew is killing it today'],
    ['dying to try', 'Dying to try the new lounge'],
    ['to die for', 'The cookies are to die for'],
    ['negation: hurt', 'Hard landing but no one was hurt'],
    ['negation: sick', 'Nobody got sick, the food was fine'],
    ['negation: dangerous', 'The turbulence was not dangerous'],
    ['sick of', 'I got sick of waiting'],
    ['burnt food', 'The rice was a little burnt'],
    ['mechanical delay', 'Delayed two hours due to a mechanical issue'],
    ['allergy question', 'Our son has a peanut allergy, can you help?'],
    ['German negation', 'Das ist nicht gefährlich'],
    ['Chinese negation', '虽然我没有受伤'],
    ['Chinese figurative', '三元最近很受伤啊'],
    ['Chinese train', '紧挨着火车站'],
    ['Chinese cartoon', '米老鼠和唐老鸭'],
    ['Chinese computer virus', '预装软件太多，容易中毒'],
    ['abuse of a policy', 'People abused the upgrade policy'],
  ])('no safety issue for %s: "%s"', (_, text) => {
    expect(has('safety_issue', text, 'en')).toBe(false);
  });

  it('reads German "Brand" as fire only in German or Dutch texts', () => {
    expect(has('safety_issue', 'Brand im Zug', 'de')).toBe(true);
    expect(has('safety_issue', 'Brand loyalty matters', 'en')).toBe(false);
  });

  it.each<[boolean, string]>([
    [true, 'I will sue you for this'],
    [true, 'I am filing a complaint with the DOT'],
    [true, 'Reporting you to the BBB'],
    [true, 'See you in small claims court'],
    [true, 'Talking to my attorney tomorrow'],
    [true, '已打12315投诉'],
    [true, '我要举报你们'],
    [false, 'Guy on my flight says he is going to sue you, lol'],
    [false, 'Southwest goes to court over Love Field gates'],
    [false, 'Get off the plane or they would call the police'],
    [false, 'David Gray, Attorneys at Law, is my contact'],
    [false, 'They are setting themselves up for a lawsuit'],
    [true, 'Ich werde meinen Anwalt einschalten.'],
    [true, 'Sie hören von meiner Rechtsanwältin.'],
    [false, 'Zitat des Jahres (c) Rechtsanwalt Peter Schütz. #Bahn'],
    [false, '回复|查看其他用户评论(2125)|举报00还没有人对此评论进行投票。'],
  ])('legal_threat is %s for "%s"', (expected, text) => {
    expect(has('legal_threat', text)).toBe(expected);
  });

  it.each<[boolean, string]>([
    [true, 'I will never fly your garbage airline again'],
    [true, 'Will never be back'],
    [true, 'I need help canceling my gold account'],
    [true, 'Switching to Delta'],
    [true, '以后不会再住了'],
    [false, 'Can I switch to an earlier flight?'],
    [false, 'The last time I flew, check-in was slow'],
    [false, '再也不是免费升级了'],
  ])('churn_threat is %s for "%s"', (expected, text) => {
    expect(has('churn_threat', text)).toBe(expected);
  });

  it.each<[boolean, string]>([
    [true, 'I am contacting my local news'],
    [true, 'I will share this nightmare of a story with everyone'],
    [true, 'See my blog tomorrow'],
    [true, '我要曝光你们'],
    [false, 'I always tell everyone to fly Southwest!'],
    [false, '蒙牛又被曝光质量问题'],
    [false, '强大的多媒体功能'],
  ])('public_threat is %s for "%s"', (expected, text) => {
    expect(has('public_threat', text)).toBe(expected);
  });

  it('finds the same intents in a title as in the text', () => {
    const found = detectIntents('Fine otherwise.', [], NEUTRAL, 'Got food poisoning').map((m) => m.intent);
    expect(found).toContain('safety_issue');
  });
});

describe('detectIntents: questions, suggestions, praise and refunds by sense', () => {
  const has = (intent: Intent, text: string, sentiment = NEUTRAL) =>
    detectIntents(text, [], sentiment)
      .map((m) => m.intent)
      .includes(intent);
  const POSITIVE: Sentiment = { label: 'positive', score: 0.6, confidence: 0.8 };

  it.each<[boolean, string]>([
    [true, '@united Can I bring my bike on board?'],
    [true, '@united hi, is flight 769 on its way?'],
    [true, '@united thanks! Will you guys be getting the A380s anytime soon?'],
    [true, 'i need help to cancel order 00004587345'],
    [true, 'what do i need to do to contact a live agent'],
    [true, 'any update on my bag'],
    [true, '@DB_Bahn Wie komme ich nach Magdeburg?'],
    [true, '@DB_Bahn Wenn ich ein Brief beilege, wird der gelesen?'],
    [true, 'Kann ich das beschleunigen'],
    [true, '请问怎么回事？'],
    [true, '不知道能不能退货'],
    [false, '@united really? Someone forgot to call a replacement?!'],
    [false, '@united Why have you never held a plane for me?'],
    [false, '@united How can you not know where my bags are?'],
    [false, 'As you can see nobody is there.'],
    [false, 'Schlechte Stichprobe, oder, @DB_Bahn?'],
    [false, 'Was passiert ist, weiß niemand.'],
    [false, '房间的装修真不怎么样'],
    [false, '这家也能叫三星级的?'],
  ])('question is %s for "%s"', (expected, text) => {
    expect(has('question', text)).toBe(expected);
  });

  it.each<[boolean, string]>([
    [true, '@united you should board from the back of the plane'],
    [true, '@SouthwestAir should offer incentives to border towns'],
    [true, 'I wish the keys were backlit.'],
    [true, "@united why don't you reserve overhead space for those seats"],
    [true, '@usairways would it kill you to let me add my number'],
    [true, 'Please start charging for carry-on luggage'],
    [true, '#Verbesserungsvorschlag an @DB_Bahn'],
    [true, 'Eure Preise werden immer unverschämter. Ändert das.'],
    [true, '希望酒店能降低价格'],
    [true, '要是这个问题解决了，这家酒店就更好了'],
    [false, 'I should have bought one a long time ago.'],
    [false, 'This should have been done in a back room.'],
    [false, 'You should be very proud'],
    [false, 'If you have the money I suggest going for the i7.'],
    [false, 'need a good book suggestion?'],
    [false, '不建议入住此酒店'],
    [false, '建议大家千万不要去那里住'],
  ])('suggestion is %s for "%s"', (expected, text) => {
    expect(has('suggestion', text)).toBe(expected);
  });

  it('takes a positive tone that is only thanks, or around a "?!", for no praise', () => {
    const thanks = [
      { start: 0, end: 7, text: 'Thanks.', score: 0.6, confidence: 0.8, label: 'positive' as const },
    ];
    const praised = [
      {
        start: 0,
        end: 17,
        text: 'The crew was great!',
        score: 0.8,
        confidence: 0.8,
        label: 'positive' as const,
      },
    ];
    const intents = (text: string, sentences: typeof thanks) =>
      detectIntents(text, sentences, POSITIVE).map((m) => m.intent);
    expect(intents('Thanks. When does boarding start?', thanks)).not.toContain('praise');
    expect(intents('The crew was great! Thanks.', praised)).toContain('praise');
    expect(intents('The crew was great! Where were they yesterday?!', praised)).not.toContain('praise');
  });

  it.each<[boolean, string]>([
    [true, '@united where is my flight voucher?'],
    [true, 'I need to be compensated. How long will this take?'],
    [true, '@united how about you make it up to me?'],
    [true, '@DB_Bahn ist aber kein Gutscheincode gekommen!'],
    [true, '京东价格降价太快，要求退差价'],
    [true, '质量问题以我弄花为借口不让退'],
    [false, '显示真的很差，退货了'],
    [false, '手机已退货'],
  ])('refund_request is %s for "%s"', (expected, text) => {
    expect(has('refund_request', text)).toBe(expected);
  });
});

describe('urgencyOf', () => {
  it('rises with negativity and threats, with reasons', () => {
    const negative: Sentiment = { label: 'negative', score: -0.8, confidence: 0.9 };
    const calm = urgencyOf(NEUTRAL, []);
    const angry = urgencyOf(negative, []);
    const legal = urgencyOf(negative, detectIntents('I will sue you', [], negative));
    expect(calm).toEqual({ score: 0, reasons: [] });
    expect(angry.reasons).toEqual(['very negative']);
    expect(legal.score).toBeGreaterThan(angry.score);
    expect(legal.reasons).toContain('legal threat');
    expect(legal.score).toBeLessThanOrEqual(1);
  });
});
