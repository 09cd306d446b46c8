import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../core/journey/default-taxonomy.js';
import { createAnalyzer } from '../index.js';
import { EU_LEXICONS } from './lexicon-eu.js';
import { analyzeSentiment, isSupportedLanguage, scoreText } from './index.js';

const label = (text: string, language: string) => analyzeSentiment({ text }, language).sentiment.label;
const clauses = (text: string, language: string) =>
  scoreText(text, language).sentences.flatMap((s) => s.clauses.map((c) => [c.text, Math.sign(c.raw)]));

const analyzer = createAnalyzer();
const taxonomy = DEFAULT_TAXONOMY.flatMap((s) => s.touchpoints);
const analyze = (text: string) => analyzer.analyze({ text }, { taxonomy });
const touchpoints = (text: string) =>
  Object.fromEntries(analyze(text).touchpoints.map((t) => [t.key, t.sentiment.label]));
const intents = (text: string) => analyze(text).intents.map((i) => i.intent);

/** Spanish, French, Italian, Portuguese and Dutch: lexicons of their own, not English AFINN. */
describe('sentiment in Spanish, French, Italian, Portuguese and Dutch', () => {
  it('has a lexicon of its own for each, with every form of an adjective', () => {
    for (const language of ['es', 'fr', 'it', 'pt', 'nl']) expect(isSupportedLanguage(language)).toBe(true);
    expect(EU_LEXICONS.es.lexicon.get('deliciosas')).toBeGreaterThan(0);
    expect(EU_LEXICONS.es.lexicon.get('limpísimo')).toBeGreaterThan(0);
    expect(EU_LEXICONS.fr.lexicon.get('décevante')).toBeLessThan(0);
    expect(EU_LEXICONS.it.lexicon.get('gentilissima')).toBeGreaterThan(0);
    expect(EU_LEXICONS.it.lexicon.get('sporchi')).toBeLessThan(0);
    expect(EU_LEXICONS.pt.lexicon.get('péssimas')).toBeLessThan(0);
    expect(EU_LEXICONS.nl.lexicon.get('slechte')).toBeLessThan(0);
  });

  it('reads plain praise and complaints', () => {
    expect(label('Excelente atención, muy recomendable.', 'es')).toBe('positive');
    expect(label('El camarero fue muy grosero.', 'es')).toBe('negative');
    expect(label("L'accueil était très chaleureux, merci !", 'fr')).toBe('positive');
    expect(label('Service horrible, une vraie catastrophe.', 'fr')).toBe('negative');
    expect(label('Il cameriere era gentilissimo.', 'it')).toBe('positive');
    expect(label('Servizio pessimo e camera sporca.', 'it')).toBe('negative');
    expect(label('O quarto estava limpo e o atendente foi muito simpático.', 'pt')).toBe('positive');
    expect(label('O atendimento foi péssimo.', 'pt')).toBe('negative');
    expect(label('Heerlijk gegeten, zeer vriendelijk personeel.', 'nl')).toBe('positive');
    expect(label('Slechte service en een vieze kamer.', 'nl')).toBe('negative');
  });

  it('negation: the negator before the word it negates (and after it in Dutch)', () => {
    expect(label('El servicio no fue bueno.', 'es')).toBe('negative');
    expect(label("Ce n'est pas bon du tout.", 'fr')).toBe('negative');
    expect(label('Pas mal du tout.', 'fr')).toBe('positive');
    expect(label('Non è buono.', 'it')).toBe('negative');
    expect(label('A comida não é boa.', 'pt')).toBe('negative');
    expect(label('Het eten was niet lekker.', 'nl')).toBe('negative');
    expect(label('Het eten smaakte lekker, echt niet.', 'nl')).toBe('negative');
  });

  it('contrast: the clause after each language\'s own "but" weighs more', () => {
    expect(label('La comida estaba deliciosa pero el camarero fue muy grosero.', 'es')).toBe('negative');
    expect(label('Un peu cher mais vraiment délicieux.', 'fr')).toBe('positive');
    expect(label('Il cibo era ottimo, ma il servizio pessimo.', 'it')).toBe('negative');
    expect(label('Demorou, mas a comida estava ótima.', 'pt')).toBe('positive');
    expect(clauses('Het eten was lekker maar de bediening was traag.', 'nl')).toEqual([
      ['Het eten was lekker', 1],
      ['maar de bediening was traag.', -1],
    ]);
    // "mais" is "more" in Portuguese and "ma" is "my" in French: no contrast there.
    expect(clauses('Quero mais café, está ótimo.', 'pt')).toHaveLength(1);
    expect(clauses('Ma chambre était propre.', 'fr')).toHaveLength(1);
  });

  it('reads greetings, names, salutations and negator-led contrast phrases as nothing', () => {
    expect(label('La comida es buena. Sin embargo, el servicio es horrible.', 'es')).toBe('negative');
    expect(label('No obstante, el servicio fue horrible.', 'es')).toBe('negative');
    expect(label('Buenos días, llevo dos horas esperando.', 'es')).not.toBe('positive');
    expect(label('El vuelo a Puerto Rico salió a su hora.', 'es')).toBe('neutral');
    expect(label('Bom dia, o pequeno-almoço é servido às 8.', 'pt')).toBe('neutral');
    expect(label('Cher client, votre colis est en route.', 'fr')).toBe('neutral');
  });

  it('intensity: degree adverbs make a word stronger', () => {
    const plain = scoreText('La comida estaba rica.', 'es').raw;
    expect(scoreText('La comida estaba muy rica.', 'es').raw).toBeGreaterThan(plain);
    expect(scoreText("C'était vraiment mauvais.", 'fr').raw).toBeLessThan(
      scoreText("C'était mauvais.", 'fr').raw,
    );
  });

  it('French and Italian elision: "l\'accueil", "c\'était", "dell\'hotel" are read as their words', () => {
    expect(scoreText("J'ai adoré.", 'fr').hits).toBe(1);
    expect(scoreText("Un'esperienza orribile.", 'it').raw).toBeLessThan(0);
  });

  it('finds touchpoints of the default journey in each language, with their own sentiment', () => {
    expect(touchpoints('La comida estaba deliciosa pero el camarero fue muy grosero.')).toEqual({
      product: 'positive',
      staff: 'negative',
    });
    expect(touchpoints('La livraison est arrivée en retard.')).toMatchObject({ delivery: 'negative' });
    expect(touchpoints('Il prezzo è troppo alto.')).toHaveProperty('price');
    expect(touchpoints('O quarto estava limpo.')).toEqual({ venue: 'positive' });
    expect(touchpoints('De klantenservice was erg behulpzaam.')).toEqual({ support: 'positive' });
    // Words that are something else in another language or in English are not examples.
    expect(touchpoints('Il vestito mi ha reso felice.')).not.toHaveProperty('returns');
    expect(touchpoints("Abbiamo aspettato un quarto d'ora.")).not.toHaveProperty('venue');
    expect(touchpoints('I sent my job application last week.')).not.toHaveProperty('website');
  });

  it('finds the intents that raise urgency: churn, legal, refund, safety, going public', () => {
    expect(intents('Nunca más. Quiero un reembolso o llamo a mi abogado.')).toEqual(
      expect.arrayContaining(['churn_threat', 'refund_request', 'legal_threat']),
    );
    expect(intents('Je vais résilier mon abonnement et porter plainte.')).toEqual(
      expect.arrayContaining(['churn_threat', 'legal_threat']),
    );
    expect(intents('Mai più! Lo dirò alla stampa.')).toEqual(
      expect.arrayContaining(['churn_threat', 'public_threat']),
    );
    expect(intents('Intoxicação alimentar depois do jantar.')).toContain('safety_issue');
    expect(intents('Ik wil mijn geld terug.')).toContain('refund_request');
    // Ordinary sentences that share a word with a threat are none.
    expect(intents('Podem processar o meu pagamento hoje?')).not.toContain('legal_threat');
    expect(intents("J'ai mangé un avocat délicieux.")).not.toContain('legal_threat');
    expect(intents('Vi la oferta en redes sociales y reservé.')).not.toContain('public_threat');
    expect(intents('Je passe chez vous demain matin.')).not.toContain('churn_threat');
    expect(analyze('Nunca más. Quiero un reembolso o llamo a mi abogado.').urgency.score).toBeGreaterThan(
      analyze('La comida estaba fría.').urgency.score,
    );
  });
});
