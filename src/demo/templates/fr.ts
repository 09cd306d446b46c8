import type { LanguagePack } from './types.js';

export const FR: LanguagePack = {
  space: ' ',
  stop: '.',
  clauses: {
    booking: {
      pos: ['la réservation en ligne a été très simple'],
      neg: ['le site a planté deux fois au moment du paiement', "je n'ai jamais reçu de confirmation"],
    },
    price: {
      pos: ['les prix sont raisonnables'],
      neg: ["c'est beaucoup trop cher pour des portions aussi petites"],
    },
    staff: {
      pos: ['le serveur était adorable', "l'équipage a rendu l'anniversaire de ma mère inoubliable"],
      neg: [
        'le serveur était désagréable et méprisant',
        "personne n'est venu à notre table pendant vingt minutes",
      ],
    },
    product: {
      pos: ['la cuisine était excellente', 'le poisson était très frais'],
      neg: ['le poisson était sec et les frites froides'],
    },
    delivery: {
      pos: ["le bateau est parti à l'heure"],
      neg: ["l'embarquement a eu plus d'une heure de retard, sans aucune explication"],
    },
    venue: {
      pos: ['la vue depuis le pont supérieur est magnifique'],
      neg: ['les toilettes du bateau étaient sales'],
    },
    support: {
      pos: ["le service client m'a répondu très vite"],
      neg: ['personne ne répond au téléphone'],
    },
    returns: {
      pos: ["j'ai été remboursé en deux jours"],
      neg: ["j'attends mon remboursement depuis six semaines"],
    },
    cancellation: {
      pos: ["l'annulation en ligne était facile"],
      neg: ['la croisière a été annulée deux heures avant le départ'],
    },
  },
  contrast: ['{a}, mais {b}'],
  questions: [
    'Avez-vous des plats végétariens pour la croisière du soir ?',
    'Puis-je décaler ma réservation à samedi ?',
  ],
  suggestions: ['Un menu enfant serait le bienvenu.'],
  churn: ['Plus jamais.', 'La prochaine fois, on ira chez {competitor}.'],
  legal: ['Je vais contacter mon avocat.'],
  safety: ["Deux d'entre nous ont eu une intoxication alimentaire après le dîner."],
  goPublic: ['Je vais le raconter à tout le monde.'],
  openers: { pos: ['Quelle belle soirée !'], neg: ['Très déçu.'] },
  closers: { pos: ['Nous reviendrons !'], neg: ['Dommage.'] },
  titles: {
    pos: ['Une soirée parfaite'],
    neg: ['Décevant'],
    mixed: ['Bonne cuisine, service décevant'],
  },
  topicNames: {
    booking: 'ma réservation',
    price: 'les prix',
    staff: 'le personnel',
    product: 'la cuisine',
    delivery: 'le retard',
    venue: 'la salle',
    support: 'le service client',
    returns: 'mon remboursement',
    cancellation: "l'annulation",
  },
  subjects: {
    pos: ['Merci !'],
    neg: ['Réclamation concernant {topic}'],
    question: ['Une question avant notre venue'],
  },
  greeting: 'Bonjour,',
  signoff: 'Cordialement,',
  people: {
    first: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Julien'],
    last: ['Martin', 'Bernard', 'Dubois', 'Moreau'],
  },
};
