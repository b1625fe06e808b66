// Permission policy for the kiosk session. The only thing the UI legitimately needs from the
// browser is the camera and microphone (face match, liveness, video consultation). Hardware such
// as the ID-card reader and printer is driven by the core, never by the page, so WebHID/WebSerial/
// WebUSB are refused outright. Everything else (geolocation, notifications, clipboard, display
// capture, fullscreen requests from content, ...) is refused too: the default answer is "no".
import type { Session } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';

/** Details we look at; shaped to fit both the request and the check handler's details. */
export interface PermissionDetails {
  /** Request handler: media types asked for. */
  readonly mediaTypes?: readonly string[] | undefined;
  /** Check handler: the one media type being checked. */
  readonly mediaType?: string | undefined;
}

// 'unknown' is what a *check* reports for e.g. enumerateDevices(); allowing it to our own page only
// reveals device labels, which choosing the right camera needs. Requests only carry audio/video.
const ALLOWED_MEDIA = new Set(['audio', 'video', 'unknown']);

/** True when `originOrUrl` is the kiosk's own app://kiosk origin (URL or bare origin). */
export function isAppOrigin(originOrUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(originOrUrl);
  } catch {
    return false;
  }
  // URL.origin is "null" for non-special schemes like app:, so compare the parts ourselves.
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}

/** The whole policy as a pure function: everything the handlers below do is decided here. */
export function isPermissionAllowed(permission: string, origin: string, details: PermissionDetails = {}): boolean {
  if (permission !== 'media' || !isAppOrigin(origin)) return false;
  const types = details.mediaTypes ?? (details.mediaType !== undefined ? [details.mediaType] : []);
  return types.every((t) => ALLOWED_MEDIA.has(t));
}

export function applyPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    // requestingUrl is the frame that asked; for media Electron also reports securityOrigin.
    const origin = 'securityOrigin' in details && typeof details.securityOrigin === 'string'
      ? details.securityOrigin
      : details.requestingUrl;
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionAllowed(permission, origin, { mediaTypes }) && isAppOrigin(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, requestingOrigin, { mediaType: details.mediaType }),
  );
  // No page ever gets a HID/serial/USB device.
  session.setDevicePermissionHandler(() => false);
}
