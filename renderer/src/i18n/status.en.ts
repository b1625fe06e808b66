import type { MessageShape } from './shape';
import type zhStatus from './status.zh-CN';

/** English words of the status look-up: the same keys as status.zh-CN.ts. */
const status: MessageShape<typeof zhStatus> = {
  title: 'Check my application',
  loading: 'Looking it up, please wait',
  replay: 'Hear it again',
  readItem: 'Read it to me',
  count: 'Found {n} applications. Here is the newest one first',
  back: 'Back',
  finish: 'Done, end and clear',
  none: 'No legal-aid application was found for you.',
  noneNext: 'If you applied somewhere else, please call the 12348 hotline to ask.',
  unreachable: 'The legal-aid centre cannot be reached right now. Please try again later, or call 12348.',
  localOnly: 'These are the applications made at this kiosk.',
  acceptanceNumber: 'Acceptance number',
  localNumber: 'Application number',
  submittedOn: 'Submitted on {date}',
  matter: 'Matter: {matter}',
  decisionDue: 'Decision due by {date}',
  materialsTitle: 'Please bring these papers, all at once:',
  materialsDue: 'Bring them by {date}',
  lawyer: 'Your lawyer: {name}',
  print: 'Print this status',
  printing: 'Printing, please wait',
  printed: 'Printed. Please take it from the slot below.',
  printProblem: 'The printer cannot print right now. The status is on the screen: you can take a photo or write down the number.',
  failed: 'The status cannot be checked right now. Please try again later, or call 12348.',
  states: {
    received: { what: 'The legal-aid centre has your application and is reviewing it.', next: 'The centre will decide before the due date and tell you.' },
    materials_requested: { what: 'The legal-aid centre needs more papers from you.', next: 'Please bring all the papers below before the due date, to the service counter or the legal-aid centre.' },
    granted: { what: 'You have been granted legal aid.', next: 'The centre will assign a lawyer within 3 days, and the lawyer will contact you.' },
    assigned: { what: 'A lawyer has been assigned to you.', next: 'The lawyer will contact you. Please keep your phone on.' },
    refused: { what: 'The legal-aid centre decided not to grant legal aid.', next: 'The written decision gives the reasons. If you disagree, you can object to the justice bureau that set up the centre.' },
    withdrawn: { what: 'This application has been withdrawn.', next: 'If you still need help, you can apply again.' },
    uploading: { what: 'Submitted at this kiosk, now being sent to the legal-aid centre.', next: 'The centre starts its review once it arrives. Please check again later.' },
    sent: { what: 'The application has reached the legal-aid centre.', next: 'The latest status cannot be fetched right now. Please try again later, or call 12348.' },
  },
};

export default status;
