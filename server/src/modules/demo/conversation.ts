import type { Locale, Topic } from './content.js';

/**
 * What customers and agents write, in the customer's language: a ticket is read and answered in the
 * language it arrived in. Internal notes stay in English, the working language between the sites.
 */
export interface Phrases {
  greeting: string;
  subjects: Record<Topic, readonly string[]>;
  openings: Record<Topic, readonly string[]>;
  /** an agent's first reply, after the greeting */
  first: readonly string[];
  askInfo: readonly string[];
  resolve: readonly string[];
  /** the customer's second message in a written conversation */
  followUp: readonly string[];
  /** the customer writing back after a solve */
  reopen: readonly string[];
}

export const PHRASES: Record<Locale, Phrases> = {
  en: {
    greeting: 'Hi',
    subjects: {
      billing: ['Charged twice for my order', 'Refund not received yet', 'Invoice shows the wrong address'],
      technical: ['App crashes when I open my orders', 'Cannot pair the headlamp with the app'],
      orders: ['Where is my order?', 'Can I change the size on my order?', 'Item missing from my order'],
      shipping: ['Parcel stuck in customs', 'Tracking has not updated for a week'],
      returns: ['How do I return a jacket?', 'Return label does not work'],
      account: ['Cannot log in to my account', 'Change the email on my account'],
    },
    openings: {
      billing: [
        'I was charged twice for the same order and would like one payment refunded.',
        'My refund was approved ten days ago but nothing has reached my card.',
      ],
      technical: [
        'Every time I open the app it closes again straight away. I have reinstalled it twice.',
        'The device will not connect over Bluetooth, the light just keeps blinking.',
      ],
      orders: [
        'My order was confirmed last week but it still says processing.',
        'I ordered the wrong size by mistake, can you change it before it ships?',
      ],
      shipping: [
        'The tracking page has said "in transit" for eight days now.',
        'The courier marked the parcel as delivered but I never got it.',
      ],
      returns: [
        'I would like to return the jacket, it is too small. What do I need to do?',
        'I sent the boots back two weeks ago and have not heard anything.',
      ],
      account: [
        'I reset my password but the log-in page still says it is wrong.',
        'Please change the email address on my account to my new one.',
      ],
    },
    first: [
      'thanks for reaching out. I have looked into this and I am on it.',
      'thank you for your patience. I can see the order and I am checking the details now.',
      'sorry for the trouble. I have opened a case with the team and will update you shortly.',
    ],
    askInfo: [
      'could you send me your order number and a photo of the label, please?',
      'could you confirm the email address you used when ordering?',
    ],
    resolve: [
      'this is sorted now: you will see the change within 3–5 working days.',
      'I have issued the refund and sent you a confirmation by email.',
      'a replacement is on its way; the tracking link is in your inbox.',
    ],
    followUp: ['Thanks, here are the details you asked for.', 'Any news on this?'],
    reopen: ['Sorry, this is still not sorted on my side.', 'It happened again this morning.'],
  },
  es: {
    greeting: 'Hola',
    subjects: {
      billing: ['Me cobraron dos veces el pedido', 'Todavía no recibo el reembolso'],
      technical: ['La app se cierra al abrir mis pedidos', 'La linterna no se conecta con la app'],
      orders: ['¿Dónde está mi pedido?', 'Falta un artículo en mi pedido'],
      shipping: ['El paquete está retenido en aduana', 'El seguimiento no se actualiza hace una semana'],
      returns: ['¿Cómo devuelvo una chaqueta?', 'La etiqueta de devolución no funciona'],
      account: ['No puedo iniciar sesión', 'Quiero cambiar el correo de mi cuenta'],
    },
    openings: {
      billing: ['Me cobraron dos veces el mismo pedido y quisiera que me devuelvan uno de los pagos.'],
      technical: ['Cada vez que abro la app se cierra enseguida. Ya la reinstalé dos veces.'],
      orders: ['Mi pedido se confirmó la semana pasada pero sigue diciendo «en proceso».'],
      shipping: ['El seguimiento dice «en tránsito» desde hace ocho días.'],
      returns: ['Quiero devolver la chaqueta porque me queda pequeña. ¿Qué tengo que hacer?'],
      account: ['Restablecí la contraseña pero la página sigue diciendo que es incorrecta.'],
    },
    first: [
      'gracias por escribirnos. Ya estoy revisando tu caso.',
      'gracias por tu paciencia. Veo el pedido y estoy comprobando los detalles.',
    ],
    askInfo: ['¿me puedes enviar el número de pedido y una foto de la etiqueta, por favor?'],
    resolve: [
      'ya está solucionado: verás el cambio en 3 a 5 días hábiles.',
      'hemos emitido el reembolso y te enviamos la confirmación por correo.',
    ],
    followUp: ['Gracias, aquí están los datos que me pediste.', '¿Hay alguna novedad?'],
    reopen: ['Lo siento, pero sigue sin funcionar.'],
  },
  pt: {
    greeting: 'Olá',
    subjects: {
      billing: ['Cobrado duas vezes pela encomenda', 'O reembolso ainda não chegou'],
      technical: ['A app fecha quando abro as encomendas', 'Não consigo emparelhar a lanterna'],
      orders: ['Onde está a minha encomenda?', 'Falta um artigo na encomenda'],
      shipping: ['Encomenda retida na alfândega', 'O seguimento não atualiza há uma semana'],
      returns: ['Como devolvo um casaco?', 'A etiqueta de devolução não funciona'],
      account: ['Não consigo entrar na conta', 'Alterar o e-mail da conta'],
    },
    openings: {
      billing: ['Fui cobrado duas vezes pela mesma encomenda e gostaria de ser reembolsado de um pagamento.'],
      technical: ['Sempre que abro a app ela fecha logo. Já a reinstalei duas vezes.'],
      orders: ['A minha encomenda foi confirmada na semana passada mas continua «em processamento».'],
      shipping: ['O seguimento diz «em trânsito» há oito dias.'],
      returns: ['Quero devolver o casaco, ficou pequeno. O que tenho de fazer?'],
      account: ['Redefini a palavra-passe mas o site continua a dizer que está errada.'],
    },
    first: [
      'obrigado pelo contacto. Já estou a tratar do seu pedido.',
      'obrigado pela paciência. Estou a verificar os detalhes da encomenda.',
    ],
    askInfo: ['pode enviar-me o número da encomenda e uma fotografia da etiqueta, por favor?'],
    resolve: [
      'já está resolvido: verá a alteração dentro de 3 a 5 dias úteis.',
      'emitimos o reembolso e enviámos a confirmação por e-mail.',
    ],
    followUp: ['Obrigado, seguem os dados que pediu.', 'Há alguma novidade?'],
    reopen: ['Desculpe, mas o problema continua.'],
  },
  da: {
    greeting: 'Hej',
    subjects: {
      billing: ['Trukket to gange for min ordre', 'Har ikke modtaget min refusion'],
      technical: ['Appen lukker, når jeg åbner mine ordrer', 'Pandelampen vil ikke parre med appen'],
      orders: ['Hvor er min ordre?', 'Der mangler en vare i min ordre'],
      shipping: ['Pakken sidder fast i tolden', 'Sporingen er ikke opdateret i en uge'],
      returns: ['Hvordan returnerer jeg en jakke?', 'Returlabelen virker ikke'],
      account: ['Kan ikke logge ind på min konto', 'Skift e-mail på min konto'],
    },
    openings: {
      billing: [
        'Jeg er blevet trukket to gange for den samme ordre og vil gerne have den ene betaling retur.',
      ],
      technical: [
        'Hver gang jeg åbner appen, lukker den med det samme. Jeg har geninstalleret den to gange.',
      ],
      orders: ['Min ordre blev bekræftet i sidste uge, men der står stadig «behandles».'],
      shipping: ['Sporingen har vist «undervejs» i otte dage nu.'],
      returns: ['Jeg vil gerne returnere jakken, den er for lille. Hvad skal jeg gøre?'],
      account: ['Jeg har nulstillet min adgangskode, men siden siger stadig, at den er forkert.'],
    },
    first: [
      'tak fordi du skrev til os. Jeg har kigget på det og er i gang.',
      'tak for din tålmodighed. Jeg kan se ordren og tjekker detaljerne nu.',
    ],
    askInfo: ['vil du sende mig dit ordrenummer og et billede af labelen?'],
    resolve: [
      'det er ordnet nu: du vil se ændringen inden for 3–5 hverdage.',
      'jeg har sendt refusionen og en bekræftelse på e-mail.',
    ],
    followUp: ['Tak, her er de oplysninger, du bad om.', 'Er der nyt i sagen?'],
    reopen: ['Beklager, men det virker stadig ikke.'],
  },
  de: {
    greeting: 'Hallo',
    subjects: {
      billing: ['Bestellung doppelt abgebucht', 'Erstattung noch nicht erhalten'],
      technical: ['App stürzt beim Öffnen der Bestellungen ab', 'Stirnlampe lässt sich nicht koppeln'],
      orders: ['Wo ist meine Bestellung?', 'Artikel fehlt in meiner Bestellung'],
      shipping: ['Paket hängt im Zoll fest', 'Sendungsverfolgung seit einer Woche unverändert'],
      returns: ['Wie schicke ich eine Jacke zurück?', 'Retourenetikett funktioniert nicht'],
      account: ['Anmeldung bei meinem Konto nicht möglich', 'E-Mail-Adresse im Konto ändern'],
    },
    openings: {
      billing: ['Mir wurde dieselbe Bestellung zweimal abgebucht, bitte erstatten Sie eine Zahlung.'],
      technical: [
        'Die App schließt sich sofort nach dem Öffnen. Ich habe sie schon zweimal neu installiert.',
      ],
      orders: ['Meine Bestellung wurde letzte Woche bestätigt, steht aber immer noch auf «in Bearbeitung».'],
      shipping: ['Die Sendungsverfolgung zeigt seit acht Tagen «unterwegs».'],
      returns: ['Ich möchte die Jacke zurückschicken, sie ist zu klein. Was muss ich tun?'],
      account: ['Ich habe mein Passwort zurückgesetzt, aber die Anmeldung sagt immer noch, es sei falsch.'],
    },
    first: [
      'danke für Ihre Nachricht. Ich habe mir das angesehen und kümmere mich darum.',
      'danke für Ihre Geduld. Ich sehe die Bestellung und prüfe gerade die Details.',
    ],
    askInfo: ['könnten Sie mir Ihre Bestellnummer und ein Foto des Etiketts schicken?'],
    resolve: [
      'das ist erledigt: Sie sehen die Änderung innerhalb von 3–5 Werktagen.',
      'ich habe die Erstattung veranlasst und Ihnen eine Bestätigung per E-Mail geschickt.',
    ],
    followUp: ['Danke, hier sind die gewünschten Angaben.', 'Gibt es Neuigkeiten?'],
    reopen: ['Leider ist das Problem immer noch nicht gelöst.'],
  },
  tl: {
    greeting: 'Hi po',
    subjects: {
      billing: ['Dalawang beses akong na-charge', 'Hindi ko pa natatanggap ang refund'],
      technical: ['Nagka-crash ang app pag binubuksan ko ang orders', 'Ayaw mag-pair ng headlamp sa app'],
      orders: ['Nasaan na po ang order ko?', 'May kulang sa order ko'],
      shipping: ['Naipit ang parcel sa customs', 'Isang linggo nang hindi nag-a-update ang tracking'],
      returns: ['Paano po mag-return ng jacket?', 'Hindi gumagana ang return label'],
      account: ['Hindi ako maka-log in sa account ko', 'Palitan po ang email sa account ko'],
    },
    openings: {
      billing: ['Dalawang beses po akong na-charge sa iisang order, pwede po bang i-refund ang isa?'],
      technical: ['Tuwing binubuksan ko ang app, nagsasara agad. Dalawang beses ko na pong ni-reinstall.'],
      orders: ['Na-confirm po ang order ko last week pero "processing" pa rin hanggang ngayon.'],
      shipping: ['Walong araw na pong "in transit" ang nakalagay sa tracking.'],
      returns: ['Gusto ko pong ibalik ang jacket, maliit po sa akin. Ano po ang gagawin ko?'],
      account: ['Nag-reset na po ako ng password pero mali pa rin daw sabi ng log-in page.'],
    },
    first: [
      'salamat po sa pag-message. Tinitingnan ko na po ito ngayon.',
      'salamat po sa pasensya. Nakikita ko na po ang order at chine-check ko ang details.',
    ],
    askInfo: ['pwede po bang pakisend ang order number at picture ng label?'],
    resolve: [
      'naayos na po ito: makikita ninyo ang pagbabago sa loob ng 3–5 working days.',
      'na-process na po ang refund at nag-send kami ng confirmation sa email ninyo.',
    ],
    followUp: ['Salamat po, eto po ang details na hinihingi ninyo.', 'May update na po ba?'],
    reopen: ['Pasensya na po, pero hindi pa rin po naaayos.'],
  },
};
