import type { LanguagePack } from './types.js';

export const ES: LanguagePack = {
  space: ' ',
  stop: '.',
  clauses: {
    booking: {
      pos: ['reservar por la web fue muy fácil'],
      neg: ['la web se colgó dos veces al pagar', 'nunca recibí la confirmación de la reserva'],
    },
    price: {
      pos: ['los precios son justos para lo que ofrecen'],
      neg: ['es demasiado caro para unas raciones tan pequeñas'],
    },
    staff: {
      pos: [
        'el camarero fue muy amable con nosotros',
        'la tripulación hizo que el cumpleaños de mi madre fuera especial',
      ],
      neg: ['el camarero fue muy grosero', 'nadie vino a nuestra mesa en veinte minutos'],
    },
    product: {
      pos: ['la comida estaba buenísima', 'el pescado estaba fresquísimo'],
      neg: ['el pescado estaba seco y las patatas frías'],
    },
    delivery: {
      pos: ['el barco salió puntual'],
      neg: ['el embarque se retrasó más de una hora sin ninguna explicación'],
    },
    venue: {
      pos: ['las vistas desde la cubierta son espectaculares'],
      neg: ['los baños del barco estaban sucios'],
    },
    support: {
      pos: ['atención al cliente me respondió enseguida'],
      neg: ['nadie contesta al teléfono'],
    },
    returns: {
      pos: ['me devolvieron el dinero en dos días'],
      neg: ['llevo seis semanas esperando el reembolso'],
    },
    cancellation: {
      pos: ['cancelar la reserva fue muy sencillo'],
      neg: ['cancelaron el crucero dos horas antes de salir'],
    },
  },
  contrast: ['{a}, pero {b}'],
  questions: ['¿Tenéis opciones veganas en el crucero de la tarde?', '¿Puedo cambiar mi reserva al sábado?'],
  suggestions: ['Estaría bien tener un menú infantil.'],
  churn: ['Nunca más.', 'La próxima vez iremos a {competitor}.'],
  legal: ['Voy a hablar con mi abogado.'],
  safety: ['Dos de nosotros tuvimos una intoxicación alimentaria después de la cena.'],
  goPublic: ['Se lo voy a contar a todo el mundo.'],
  openers: { pos: ['¡Qué noche tan bonita!'], neg: ['Muy decepcionante.'] },
  closers: { pos: ['¡Volveremos!'], neg: ['Una pena.'] },
  titles: {
    pos: ['Una noche perfecta'],
    neg: ['Decepcionante'],
    mixed: ['Buena comida, mal servicio'],
  },
  topicNames: {
    booking: 'mi reserva',
    price: 'los precios',
    staff: 'el personal',
    product: 'la comida',
    delivery: 'el retraso',
    venue: 'el local',
    support: 'la atención al cliente',
    returns: 'mi reembolso',
    cancellation: 'la cancelación',
  },
  subjects: {
    pos: ['¡Gracias!'],
    neg: ['Queja sobre {topic}'],
    question: ['Una pregunta antes de nuestra visita'],
  },
  greeting: 'Hola:',
  signoff: 'Saludos,',
  people: {
    first: ['Lucía', 'Mateo', 'Carmen', 'Javier', 'Elena', 'Diego'],
    last: ['García', 'Martínez', 'López', 'Sánchez'],
  },
};
