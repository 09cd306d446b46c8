import type { LanguagePack } from './types.js';

export const DE: LanguagePack = {
  space: ' ',
  stop: '.',
  clauses: {
    booking: {
      pos: [
        'die Online-Reservierung hat keine Minute gedauert',
        'die Buchung über die Webseite war super einfach',
        'die Bestätigung kam sofort per E-Mail',
      ],
      neg: [
        'die Webseite ist beim Bezahlen zweimal abgestürzt',
        'ich habe nie eine Buchungsbestätigung bekommen',
        'die App hat meine Reservierung einfach gelöscht',
      ],
    },
    price: {
      pos: ['das Preis-Leistungs-Verhältnis stimmt', 'das Mittagsmenü ist günstig und reichlich'],
      neg: [
        'die Preise sind für die kleinen Portionen viel zu hoch',
        'die Getränke sind völlig überteuert',
        'auf der Rechnung stand plötzlich eine Servicegebühr, von der uns niemand etwas gesagt hatte',
      ],
    },
    staff: {
      pos: [
        'die Bedienung war super freundlich und aufmerksam',
        'die Crew hat den Geburtstag meiner Mutter zu etwas ganz Besonderem gemacht',
        'der Kapitän hat uns unterwegs viel über den Hafen erzählt',
      ],
      neg: [
        'der Kellner war unfreundlich und hat genervt die Augen verdreht',
        'zwanzig Minuten lang kam niemand an unseren Tisch',
        'das Personal wirkte gestresst und herablassend',
      ],
    },
    product: {
      pos: [
        'das Essen war hervorragend',
        'der Fisch war frisch und perfekt gegart',
        'die Cocktails waren richtig gut',
      ],
      neg: [
        'der Fisch war trocken und die Pommes waren kalt',
        'das Essen war lauwarm und fade',
        'die Suppe schmeckte wie aus der Dose',
      ],
    },
    delivery: {
      pos: [
        'das Schiff hat pünktlich abgelegt',
        'das Essen kam trotz vollem Haus sehr schnell',
        'die Lieferung war schneller als angekündigt',
      ],
      neg: [
        'das Boarding hatte über eine Stunde Verspätung, ohne jede Erklärung',
        'wir haben 50 Minuten auf das Hauptgericht gewartet',
        'die Lieferung kam eine Stunde zu spät und das Essen war kalt',
      ],
    },
    venue: {
      pos: ['der Blick vom Oberdeck ist traumhaft', 'das Restaurant war sauber und gemütlich'],
      neg: [
        'die Toiletten auf dem Schiff waren schmutzig',
        'es war so laut, dass man sich kaum unterhalten konnte',
        'die Sitze auf dem Unterdeck sind eng und unbequem',
      ],
    },
    support: {
      pos: [
        'der Kundenservice hat innerhalb einer Stunde geantwortet',
        'die Hotline hat mein Problem sofort gelöst',
      ],
      neg: [
        'ich hänge seit 40 Minuten in der Warteschleife',
        'auf meine E-Mails antwortet bei {brand} niemand',
        'mir wurde dreimal ein Rückruf versprochen, aber niemand hat angerufen',
      ],
    },
    returns: {
      pos: [
        'die Anzahlung wurde innerhalb von zwei Tagen erstattet',
        'die Erstattung für die ausgefallene Fahrt lief völlig problemlos',
      ],
      neg: [
        'ich warte seit sechs Wochen auf meine Erstattung',
        'sie weigern sich, die Anzahlung zurückzuzahlen, obwohl sie selbst abgesagt haben',
      ],
    },
    cancellation: {
      pos: [
        'die Stornierung online war ganz einfach',
        'wegen des Wetters wurde früh abgesagt und wir wurden sofort umgebucht',
      ],
      neg: [
        'unsere Fahrt wurde zwei Stunden vor Abfahrt storniert',
        'unser Jubiläumsessen wurde am selben Tag per SMS abgesagt',
        'die Stornogebühr ist eine Frechheit',
      ],
    },
  },
  contrast: ['{a}, aber {b}', '{a}, doch {b}'],
  questions: [
    'Gibt es auf der Abendfahrt auch vegane Gerichte?',
    'Darf ich eine eigene Geburtstagstorte mit an Bord bringen?',
    'Ist das Oberdeck barrierefrei erreichbar?',
    'Wie früh sollten wir vor dem Boarding da sein?',
    'Kann ich meine Reservierung auf nächsten Samstag verschieben?',
  ],
  suggestions: [
    'Eine Kinderkarte wäre super.',
    'Bitte schickt eine SMS, wenn sich das Boarding verzögert.',
    'Ein paar Decken auf dem Oberdeck wären abends schön.',
  ],
  churn: [
    'Nie wieder.',
    'Ab jetzt gehen wir zu {competitor}.',
    'Das war unser letzter Besuch, nächstes Mal fahren wir mit {competitor}.',
  ],
  legal: [
    'Ich werde meinen Anwalt einschalten.',
    'Wenn ich mein Geld nicht bis Freitag zurückbekomme, hören Sie von meinem Anwalt.',
  ],
  safety: [
    'Nach der Meeresfrüchteplatte hatten zwei von uns eine Lebensmittelvergiftung.',
    'In meinem Salat war ein Glassplitter.',
  ],
  goPublic: [
    'Ich werde allen erzählen, wie das hier gelaufen ist.',
    'Das poste ich überall, bis sich jemand meldet.',
  ],
  openers: {
    pos: ['Was für ein schöner Abend!', 'Absolut empfehlenswert.'],
    neg: ['Sehr enttäuschend.', 'So etwas habe ich selten erlebt.'],
  },
  closers: {
    pos: ['Wir kommen wieder!', 'Danke, {brand}!'],
    neg: ['Schade.', 'Bitte besser werden.'],
  },
  titles: {
    pos: ['Traumhafter Abend auf dem Wasser', 'Top Essen, tolle Crew'],
    neg: ['Enttäuschend', 'Nicht empfehlenswert'],
    mixed: ['Gutes Essen, schlechter Service', 'Gemischte Gefühle'],
  },
  topicNames: {
    booking: 'meiner Buchung',
    price: 'den Preisen',
    staff: 'Ihrem Personal',
    product: 'dem Essen',
    delivery: 'der Verspätung',
    venue: 'dem Restaurant',
    support: 'dem Kundenservice',
    returns: 'meiner Erstattung',
    cancellation: 'der Stornierung',
  },
  subjects: {
    pos: ['Vielen Dank!', 'Ein schöner Abend'],
    neg: ['Beschwerde zu {topic}', 'Problem mit {topic}'],
    question: ['Kurze Frage', 'Frage vor unserem Besuch'],
  },
  greeting: 'Hallo,',
  signoff: 'Viele Grüße',
  people: {
    first: ['Lena', 'Jonas', 'Marie', 'Felix', 'Hannah', 'Paul', 'Sophie', 'Lukas', 'Anna', 'Tim'],
    last: ['Müller', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Koch', 'Wagner'],
  },
};
