import { describe, expect, it } from 'vitest';
import { detectLanguage } from './index.js';

describe('detectLanguage', () => {
  it.each([
    ['en', 'The flight was delayed again and nobody at the gate could tell us why.'],
    ['de', 'Der Zug hatte schon wieder Verspätung und das Personal war sehr unfreundlich.'],
    ['zh', '酒店的服务态度很好，房间也很干净，下次还会再来。'],
    ['es', 'La comida estaba muy buena pero el servicio fue bastante lento.'],
    ['fr', 'Le repas était excellent mais le service était vraiment très lent.'],
    ['ja', 'とても美味しかったです。また来たいと思います。'],
    ['it', 'Il cibo era ottimo ma il servizio è stato molto lento.'],
    ['pt', 'A comida estava muito boa, mas o atendimento foi péssimo.'],
    ['nl', 'Het eten was heel lekker maar de bediening was traag.'],
  ])('identifies %s', (language, text) => {
    const guess = detectLanguage(text);
    expect(guess.language).toBe(language);
    expect(guess.confidence).toBeGreaterThan(0.5);
    expect(guess.confidence).toBeLessThanOrEqual(1);
  });

  it('answers und with low confidence for very short text', () => {
    for (const text of ['ok', '👍', '', '?!']) {
      const guess = detectLanguage(text);
      expect(guess.language).toBe('und');
      expect(guess.confidence).toBeLessThan(0.3);
    }
  });

  it('reads short reviews without function words by their feedback vocabulary', () => {
    expect(detectLanguage('Good coffee, slow service.').language).toBe('en');
    expect(detectLanguage('Sehr gut, danke!').language).toBe('de');
    expect(detectLanguage('Muy buena comida, gracias').language).toBe('es');
  });

  it.each([
    ['es', 'Nunca más. Quiero un reembolso o llamo a mi abogado.'],
    ['fr', 'Je veux être remboursé, commande jamais reçue.'],
    ['it', "Voglio un rimborso, l'ordine non è mai arrivato."],
    ['pt', 'A equipe foi maravilhosa e a comida deliciosa!'],
    ['nl', 'Snelle levering, pakket was perfect.'],
  ])('reads a short complaint or praise in %s by its own words', (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('ignores handles and links', () => {
    expect(detectLanguage('@VirginAmerica what is the status of my flight? http://t.co/abc').language).toBe(
      'en',
    );
  });
});
