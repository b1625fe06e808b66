/** The kiosk's side of issue 5: device identity, the centre client, tus uploads and the outbox worker. */
export { ensureDeviceIdentity, loadDeviceIdentity, type DeviceIdentity, type DeviceIdentityError } from './device-identity.ts';
export { checkHealth, createCentreClient, enrol, type CentreClient, type CentreFailure, type EnrolInput } from './centre-client.ts';
export { createTusUploader, type AttachmentUploader } from './tus-uploader.ts';
export { createOutboxWorker, type OutboxWorker, type StepOutcome } from './outbox-worker.ts';
