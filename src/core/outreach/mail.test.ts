import { describe, expect, it } from 'vitest';
import { envelope, invitationSubject, maskAddresses, surveyInvitationContent } from './mail.js';

const scoreUrls = new Map([1, 2, 3, 4, 5].map((s) => [s, `https://tp.example/s/abc?t=tok&score=${s}`]));

describe('survey invitation e-mail', () => {
  const content = surveyInvitationContent({
    language: 'de-AT',
    customerName: 'Eve <img src=x onerror=alert(1)>',
    businessName: 'Café "Zur Post" & Söhne',
    subject: 'Wie zufrieden waren Sie?',
    question: 'Wie zufrieden waren Sie mit <Lieferung>?',
    lowLabel: 'Gar nicht',
    highLabel: 'Sehr',
    scoreUrls,
    answerUrl: 'https://tp.example/s/abc?t=tok',
  });

  it('escapes every piece of text and link in the HTML, and keeps the text part plain', () => {
    expect(content.html).not.toContain('<img');
    expect(content.html).toContain('Hallo Eve &lt;img src=x onerror=alert(1)&gt;,');
    expect(content.html).toContain('mit &lt;Lieferung&gt;?');
    expect(content.html).toContain('href="https://tp.example/s/abc?t=tok&amp;score=5"');
    expect(content.text).toContain('Hallo Eve <img src=x onerror=alert(1)>,');
    expect(content.text).toMatch(/^3: https:\/\/tp\.example\/s\/abc\?t=tok&score=3$/m);
    expect(content.text).toContain('Umfrage öffnen: https://tp.example/s/abc?t=tok');
  });

  it('one button per score, lowest first, in a table row', () => {
    const cells = [...content.html.matchAll(/score=(\d)"/g)].map((m) => Number(m[1]));
    expect(cells).toEqual([1, 2, 3, 4, 5]);
    expect(content.html).toContain('<table role="presentation"');
  });

  it('the envelope: footer with why and the unsubscribe link, RFC 8058 headers, lang, no line breaks in the subject', () => {
    const mail = envelope(
      { ...content, subject: 'Line one\r\nBcc: evil@example.com' },
      {
        to: 'eve@example.com',
        sendId: 'send-1',
        unsubscribeUrl: 'https://tp.example/u/send-1.mac',
        businessName: 'Café "Zur Post" & Söhne',
      },
    );
    expect(mail.subject).toBe('Line one Bcc: evil@example.com');
    expect(mail.headers['List-Unsubscribe']).toBe('<https://tp.example/u/send-1.mac>');
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain('<html lang="de-AT">');
    expect(mail.html).toContain('Café &quot;Zur Post&quot; &amp; Söhne');
    expect(mail.html).toContain('href="https://tp.example/u/send-1.mac"');
    expect(mail.text).toContain('Diese E-Mails abbestellen: https://tp.example/u/send-1.mac');
  });

  it('falls back to English for a language it does not know', () => {
    const en = surveyInvitationContent({
      language: 'xx',
      customerName: null,
      businessName: 'Shop',
      subject: 'Q',
      question: 'Q?',
      lowLabel: 'low',
      highLabel: 'high',
      scoreUrls,
      answerUrl: 'https://tp.example/s/abc?t=tok',
    });
    expect(en.text.startsWith('Hello,')).toBe(true);
    expect(en.text).toContain('Answer with one click:');
  });
});

describe('maskAddresses', () => {
  it('hides e-mail addresses an SMTP server quotes', () => {
    expect(maskAddresses('550 5.1.1 <ann@example.com>: Recipient address rejected')).toBe(
      '550 5.1.1 <[address]>: Recipient address rejected',
    );
  });

  it("the invitation's subject: the question, else a neutral line in its language with the business's name", () => {
    expect(invitationSubject('How likely are you to recommend us?', 'en', 'Olga Shop')).toBe(
      'How likely are you to recommend us?',
    );
    const long = 'x'.repeat(151);
    expect(invitationSubject(long, 'de-AT', 'Café Zur Post')).toBe('Eine kurze Frage von Café Zur Post');
    expect(invitationSubject('', 'fr', 'Olga Shop')).toBe('Une petite question de la part de Olga Shop');
    expect(invitationSubject('', 'es', 'Olga Shop')).toBe('Una pregunta rápida de Olga Shop');
    expect(invitationSubject('', 'xx', 'Olga\r\nBcc: x@example.com')).toBe(
      'A quick question from Olga Bcc: x@example.com',
    );
    expect(invitationSubject('  ', 'en', '')).toBe('A quick question');
  });
});
