// Sandboxed preload (bundled to CommonJS: sandboxed preloads cannot be ES modules). In a sandbox
// only a few modules can be required ('electron' for contextBridge among them) and `process` is a
// reduced object that still carries argv, which is where the main process put our two values.
//
// The page gets exactly { apiBase, secret }, frozen, and nothing else: no ipcRenderer, no Node.
import { contextBridge } from 'electron';
import { parseHostArgs } from './host-args.ts';

const host = parseHostArgs(process.argv);

if (host === null) {
  // Exposing a partial object would let the renderer start half-configured; without kioskHost it
  // shows its own "not connected" state instead. The message holds no secret.
  console.error('kiosk preload: missing or malformed --kiosk-api-base/--kiosk-secret arguments');
} else {
  contextBridge.exposeInMainWorld('kioskHost', Object.freeze({ apiBase: host.apiBase, secret: host.secret }));
}
