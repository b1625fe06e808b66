/** The kiosk's encrypted local store: applications, attachments, outbox, print jobs. See README.md. */
export {
  openKioskStore,
  type AttachmentKind,
  type AttachmentMime,
  type IssuedNumbers,
  type KioskStore,
  type OpenKioskStoreError,
  type OpenKioskStoreOptions,
  type OutboxItem,
  type PrintDocument,
  type PrintJobInput,
  type PrintJobState,
  type RecentApplication,
  type StoredApplication,
  type StoredAttachment,
  type SubmitApplicationInput,
  type SubmittedApplication,
} from './kiosk-store.ts';
export { createStoreKey, loadStoreKey, type StoreKeyError } from './store-key.ts';
export { LOCAL_NUMBER_PATTERN, SHORT_CODE_ALPHABET } from './application-number.ts';
