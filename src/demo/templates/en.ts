import type { LanguagePack } from './types.js';

export const EN: LanguagePack = {
  space: ' ',
  stop: '.',
  clauses: {
    booking: {
      pos: [
        'booking a table online took less than a minute',
        'the online booking was quick and the confirmation arrived right away',
        'the website made it easy to pick a sunset cruise and a table by the window',
        'changing our reservation by phone was painless',
      ],
      neg: [
        'the booking site crashed twice before it took my payment',
        'the website showed free tables that did not exist when we arrived',
        'I never got a booking confirmation email',
        'the app charged me twice for one reservation',
      ],
    },
    price: {
      pos: [
        'the prices are fair for what you get',
        'the set menu with the harbour cruise is great value',
        'the lunch specials are cheap and generous',
      ],
      neg: [
        'it is way too expensive for such small portions',
        'a glass of house wine costs more than a bottle elsewhere',
        'a service charge was added to the bill without telling us',
        'the drinks are seriously overpriced',
      ],
    },
    staff: {
      pos: [
        'our waiter was friendly and remembered our names',
        "the crew made my mum's birthday feel really special",
        'the captain took time to tell us about the harbour',
        'the staff were attentive without being pushy',
      ],
      neg: [
        'the waiter was rude and rolled his eyes at our questions',
        'nobody came to our table for twenty minutes',
        'the host was dismissive when we asked for a different table',
        'the staff seemed annoyed that we were there at all',
      ],
    },
    product: {
      pos: [
        'the food was great',
        'the grilled fish was fresh and perfectly cooked',
        "the seafood platter was the best I've had in years",
        'the cocktails were excellent',
        'the desserts alone are worth the trip',
      ],
      neg: [
        'the fish was dry and the fries were cold',
        'my steak came out raw in the middle',
        'the food was bland and lukewarm',
        'the soup tasted like it came out of a can',
      ],
    },
    delivery: {
      pos: [
        'the boat left right on time',
        'our food arrived quickly even though the place was packed',
        'the takeaway delivery arrived hot and early',
      ],
      neg: [
        'boarding was delayed by over an hour with no explanation',
        'we waited 50 minutes for our main course',
        'the boat left 40 minutes late and we missed our train home',
        'the delivery was an hour late and the food was cold',
      ],
    },
    venue: {
      pos: [
        'the view from the upper deck is stunning',
        'the dining room was spotless and cosy',
        'the tables on the terrace are lovely at sunset',
      ],
      neg: [
        'the restrooms on the boat were filthy',
        'our table was sticky and the floor was covered in crumbs',
        'it was so loud we could not hear each other',
        'the seats on the lower deck are cramped and uncomfortable',
      ],
    },
    support: {
      pos: [
        'customer service answered my email within an hour',
        'the support team sorted out my problem on the first call',
        'the lady on the phone was really helpful',
      ],
      neg: [
        'I have been on hold for 45 minutes',
        'nobody at {brand} answers emails',
        'customer support keeps sending me the same copy-pasted reply',
        'I was promised a call back three times and nobody ever called',
      ],
    },
    returns: {
      pos: [
        'they refunded my deposit within two days',
        'I got a full refund for the cancelled trip without any hassle',
        'they swapped my voucher for a new date, no questions asked',
      ],
      neg: [
        'I am still waiting for my refund after six weeks',
        'they refuse to refund my deposit even though they cancelled',
        'they only offer vouchers and no money back',
      ],
    },
    cancellation: {
      pos: [
        'cancelling my booking online was simple',
        'when the weather turned they cancelled early and rebooked us straight away',
      ],
      neg: [
        'our cruise was cancelled two hours before departure',
        'they cancelled our anniversary dinner by text message on the same day',
        'the cancellation fee is outrageous',
        'our trip was cancelled and nobody told us until we were standing at the pier',
      ],
    },
  },
  contrast: ['{a}, but {b}', '{a}. However, {b}', '{a}, although {b}'],
  questions: [
    'Do you have vegan options on the sunset cruise?',
    'Can I bring my own birthday cake on board?',
    'Is the upper deck wheelchair accessible?',
    'How early should we arrive before boarding?',
    'Do you take group bookings for 20 people?',
    'Is there parking near the pier?',
    'Can I move my booking to next Saturday?',
    'Are dogs allowed on the terrace?',
  ],
  suggestions: [
    "It would be great if you offered a kids' menu.",
    'Please add more vegetarian dishes.',
    'You should send a text message when boarding is delayed.',
    'Maybe keep a few blankets on the upper deck for the evening cruises.',
    'Letting us pay online in advance would save a lot of waiting.',
  ],
  churn: [
    'Never again.',
    "We're switching to {competitor} from now on.",
    'That was our last visit. {competitor} it is next time.',
    "I'm cancelling my season pass.",
  ],
  legal: [
    "I'll be contacting my lawyer about this.",
    "If I don't get my money back by Friday, you'll hear from my lawyer.",
    'I am considering legal action.',
  ],
  safety: [
    'Two of us got food poisoning after the seafood platter and were sick all night.',
    'A loose railing on the upper deck nearly sent my son overboard. This is a serious safety issue.',
    'I found a piece of glass in my salad.',
  ],
  goPublic: [
    "I'll tell everyone I know to stay away.",
    "I'm posting this everywhere until someone responds.",
    "I'll share this on every review site and in every local group.",
  ],
  openers: {
    pos: ['What a lovely evening!', 'Highly recommend {brand}.', 'Our third visit and still great.'],
    neg: ['Really disappointed.', 'Not what we expected from {brand}.', 'Where do I even start.'],
  },
  closers: {
    pos: ["We'll be back!", 'Thank you, {brand}!', "Can't wait to come again."],
    neg: ['Very disappointing.', 'Please do better.', 'Avoid.'],
  },
  titles: {
    pos: ['Perfect sunset dinner', 'Lovely evening on the water', 'Great food, great crew'],
    neg: ['Disappointing evening', 'Avoid', 'Not worth the money'],
    mixed: ['Good food, poor service', 'Mixed feelings', 'Nice views, but…'],
  },
  topicNames: {
    booking: 'my booking',
    price: 'prices',
    staff: 'your staff',
    product: 'the food',
    delivery: 'the delay',
    venue: 'the venue',
    support: 'customer service',
    returns: 'my refund',
    cancellation: 'the cancellation',
  },
  subjects: {
    pos: ['Thank you!', 'A lovely evening'],
    neg: ['Complaint about {topic}', 'Problem with {topic}'],
    question: ['Quick question', 'A question before our visit'],
  },
  greeting: 'Hello,',
  signoff: 'Best regards,',
  people: {
    first: [
      'Emma',
      'Liam',
      'Olivia',
      'Noah',
      'Ava',
      'James',
      'Sophie',
      'Daniel',
      'Grace',
      'Ethan',
      'Chloe',
      'Ryan',
    ],
    last: ['Carter', 'Hughes', 'Patel', 'Nguyen', 'Brooks', 'Foster', 'Reid', 'Ward', 'Bennett', 'Coleman'],
  },
};
