/**
 * The generic customer-journey taxonomy every new workspace starts with (PRODUCT.md "Journey").
 * Example phrases in English, German and Chinese let the analyser find touchpoints with no training;
 * a workspace edits its own copy.
 */
export const DEFAULT_TAXONOMY: {
  key: string;
  name: string;
  touchpoints: { key: string; name: string; examples: string[] }[];
}[] = [
  {
    key: 'discover',
    name: 'Discover',
    touchpoints: [
      { key: 'ads', name: 'Advertising', examples: ['ad', 'ads', 'advert', 'commercial', 'Werbung', '广告'] },
      {
        key: 'reputation',
        name: 'Reputation & word of mouth',
        examples: ['recommended', 'reviews said', 'Empfehlung', '口碑'],
      },
    ],
  },
  {
    key: 'evaluate',
    name: 'Evaluate',
    touchpoints: [
      {
        key: 'website',
        name: 'Website & app',
        examples: ['website', 'site', 'app', 'online', 'Webseite', 'App', '网站', '网页'],
      },
      {
        key: 'price',
        name: 'Price & value',
        examples: [
          'price',
          'expensive',
          'cheap',
          'value',
          'overpriced',
          'Preis',
          'teuer',
          'günstig',
          '价格',
          '贵',
          '便宜',
          '性价比',
        ],
      },
      {
        key: 'information',
        name: 'Information',
        examples: ['information', 'info', 'description', 'Informationen', 'Auskunft', '信息', '描述'],
      },
    ],
  },
  {
    key: 'buy',
    name: 'Buy',
    touchpoints: [
      {
        key: 'booking',
        name: 'Booking & checkout',
        examples: [
          'booking',
          'book',
          'reservation',
          'checkout',
          'ticket',
          'Buchung',
          'Ticket',
          'Fahrkarte',
          '预订',
          '订票',
          '下单',
        ],
      },
      {
        key: 'payment',
        name: 'Payment & billing',
        examples: [
          'payment',
          'charged',
          'bill',
          'invoice',
          'card',
          'Zahlung',
          'Rechnung',
          '付款',
          '支付',
          '账单',
        ],
      },
    ],
  },
  {
    key: 'use',
    name: 'Use',
    touchpoints: [
      {
        key: 'product',
        name: 'Product quality',
        examples: [
          'quality',
          'product',
          'broken',
          'works',
          'food',
          'taste',
          'Qualität',
          'Produkt',
          'Essen',
          '质量',
          '产品',
          '味道',
        ],
      },
      {
        key: 'staff',
        name: 'Staff',
        examples: [
          'staff',
          'waiter',
          'waitress',
          'crew',
          'attendant',
          'employee',
          'rude',
          'friendly',
          'Personal',
          'Mitarbeiter',
          'Schaffner',
          '服务员',
          '员工',
          '态度',
        ],
      },
      {
        key: 'delivery',
        name: 'Delivery & timeliness',
        examples: [
          'delivery',
          'delayed',
          'delay',
          'late',
          'on time',
          'shipping',
          'Lieferung',
          'Verspätung',
          'pünktlich',
          '快递',
          '物流',
          '发货',
          '延误',
        ],
      },
      {
        key: 'venue',
        name: 'Venue & comfort',
        examples: [
          'room',
          'seat',
          'clean',
          'dirty',
          'noise',
          'ambience',
          'Zimmer',
          'Sitz',
          'sauber',
          '房间',
          '环境',
          '卫生',
        ],
      },
    ],
  },
  {
    key: 'support',
    name: 'Get support',
    touchpoints: [
      {
        key: 'support',
        name: 'Customer support',
        examples: [
          'customer service',
          'support',
          'hold',
          'call center',
          'no answer',
          'Kundenservice',
          'Hotline',
          '客服',
          '售后',
        ],
      },
      {
        key: 'returns',
        name: 'Returns & refunds',
        examples: ['return', 'refund', 'exchange', 'money back', 'Rückgabe', 'Erstattung', '退货', '退款'],
      },
    ],
  },
  {
    key: 'leave',
    name: 'Leave',
    touchpoints: [
      {
        key: 'cancellation',
        name: 'Cancellation',
        examples: [
          'cancel',
          'cancelled',
          'canceled',
          'unsubscribe',
          'Kündigung',
          'storniert',
          'ausgefallen',
          '取消',
        ],
      },
    ],
  },
];
