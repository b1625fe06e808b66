/**
 * The kiosk's flow in one place: core events -> stores -> screen, and the few actions that span
 * several stores (end and wipe, idle expiry, entering and leaving maintenance mode). Views call
 * these; they never orchestrate the wipe themselves, so there is one path that forgets a person.
 */
import type { Bridge } from '../bridge/bridge';
import type { KioskEvent } from '../bridge/contract';
import type { KioskRouter } from '../router';
import type { Clock, TimerHandle } from '../time/clock';
import type { ServiceId } from '../services/tiles';
import { useApplicationStore } from '../stores/application';
import { useCardStore } from '../stores/card';
import { useConfigStore } from '../stores/config';
import { useConsultStore } from '../stores/consult';
import { useDeviceStore } from '../stores/device';
import { useIdentityStore } from '../stores/identity';
import { useIdleStore } from '../stores/idle';
import { useSessionStore } from '../stores/session';
import { useTechnicianStore } from '../stores/technician';

export interface KioskController {
  /** Connects to the core and loads the configuration. */
  start(): Promise<void>;
  stop(): void;
  chooseService(id: ServiceId): Promise<void>;
  /** After the identity check (passed or the alternative): on to the service the person chose. */
  continueAfterIdentity(): Promise<void>;
  goHome(): Promise<void>;
  /** "结束并清除": forget the person now, tell the core, go home, confirm. */
  endByUser(): Promise<void>;
  /** After a successful PIN: end any citizen session, then open the maintenance page. */
  enterTechnician(): Promise<void>;
  exitTechnician(): Promise<void>;
}

export interface ControllerDeps {
  bridge: Bridge;
  router: KioskRouter;
  clock: Clock;
  /** Clears DOM state the stores cannot reach (scroll, focus); replaced in tests if needed. */
  resetScreen?: () => void;
}

/** How long the kiosk keeps a person on screen while its core is unreachable. */
export const LOST_CONNECTION_WIPE_MS = 10_000;

/** Must be called inside the app's injection context (app.runWithContext) so stores resolve. */
export function createKioskController({ bridge, router, clock, resetScreen = resetDocumentState }: ControllerDeps): KioskController {
  const session = useSessionStore();
  const card = useCardStore();
  const device = useDeviceStore();
  const config = useConfigStore();
  const technician = useTechnicianStore();
  const idle = useIdleStore();
  const identity = useIdentityStore();
  const unsubscribers: Array<() => void> = [];
  let bootId: string | null = null;

  const onTechnicianPage = () => router.currentRoute.value.name === 'technician';
  /** The on-behalf step waits for the applicant's card: reading it must not leave the interview. */
  const application = useApplicationStore();
  const waitingForApplicantCard = () => router.currentRoute.value.name === 'apply' && application.step === 'applicantCard';

  router.beforeEach((to) => {
    if (to.name === 'welcome' && !session.active) return { name: 'home' };
    if (to.name === 'technician' && !technician.unlocked) return { name: 'home' };
    if ((to.name === 'consult' || to.name === 'documents') && !session.active) return { name: 'home' };
    if (to.name === 'apply' && !session.active) return { name: 'home' };
    if (to.name === 'status' && !session.active) return { name: 'home' };
    if (to.name === 'identity' && (!session.active || identity.phase === 'idle')) return { name: session.active ? 'welcome' : 'home' };
    return true;
  });
  router.afterEach((to) => idle.setAwayFromHome(to.name !== 'home'));

  /** Resolved on use: the consult store only exists once a consultation has been opened or reported. */
  const consult = () => useConsultStore();

  async function wipeAndGoHome(notice: boolean): Promise<void> {
    session.wipe();
    consult().wipe();
    technician.closePinPad();
    await router.replace({ name: 'home' });
    resetScreen();
    idle.reset();
    if (notice) session.showWipedNotice();
  }

  async function handleEvent(event: KioskEvent): Promise<void> {
    switch (event.type) {
      case 'hello': {
        device.setReader(event.reader);
        if (bootId !== null && bootId !== event.bootId) void config.load();
        bootId = event.bootId;
        if (event.session) {
          if (session.current?.id !== event.session.id && !onTechnicianPage()) {
            session.start(event.session);
            await router.push({ name: 'welcome' });
          }
        } else if (session.active) {
          // The session ended while we were disconnected: the core's word is final.
          await wipeAndGoHome(false);
        }
        return;
      }
      case 'device.status':
        device.setReader(event.reader);
        return;
      case 'card.placed':
        if (onTechnicianPage()) return;
        card.placed();
        if (waitingForApplicantCard()) return;
        if (router.currentRoute.value.name !== 'card') await router.push({ name: 'card' });
        return;
      case 'card.read': {
        if (onTechnicianPage()) return;
        const sameSession = session.current?.id === event.session.id;
        const stay = sameSession && router.currentRoute.value.name === 'apply';
        // Read before session.start, which resets the card screen's state.
        const chosen = sameSession ? null : card.takeService();
        if (!sameSession) consult().wipe();
        session.start(event.session);
        if (stay) return;
        // A service tapped before the card: on to it, not back to the choice (one tap less).
        if (chosen !== null) await chooseService(chosen);
        else await router.push({ name: 'welcome' });
        return;
      }
        return;
      case 'card.refused':
      case 'card.error':
        if (onTechnicianPage()) return;
        card.failed(event.type === 'card.refused' ? { kind: 'refused', code: event.reason } : { kind: 'reader', code: event.code });
        if (waitingForApplicantCard()) return;
        if (router.currentRoute.value.name !== 'card') await router.push({ name: 'card' });
        return;
      case 'card.removed':
        if (card.phase === 'reading') card.reset();
        return;
      case 'consult':
      case 'consult.link':
      case 'consult.printed':
        consult().handleEvent(event);
        return;
      case 'session.ended':
        if (onTechnicianPage()) {
          session.wipe();
          consult().wipe();
          return;
        }
        // No "您的信息已清除" when nobody asked for it: 'replaced' means a new card is being read
        // (its card.read follows), 'technician' means maintenance mode is opening or closing.
        await wipeAndGoHome(event.reason !== 'replaced' && event.reason !== 'technician');
        return;
    }
  }

  // A core that stays unreachable has most likely died, taking the session with it. Do not leave
  // the person's name on the kiosk behind the "please wait" overlay: forget them locally. If the
  // core was only stalled, its `hello` brings the session back.
  let lostTimer: TimerHandle | null = null;
  function watchLostConnection(state: Bridge['connection']): void {
    if (state === 'open') {
      if (lostTimer !== null) clock.clearTimeout(lostTimer);
      lostTimer = null;
    } else if (state === 'lost' && lostTimer === null) {
      lostTimer = clock.setTimeout(() => {
        lostTimer = null;
        if (session.active) void wipeAndGoHome(false);
      }, LOST_CONNECTION_WIPE_MS);
    }
  }

  idle.setExpireHandler(() => {
    const hadSession = session.active;
    const hadTechnician = technician.unlocked;
    void wipeAndGoHome(hadSession);
    if (hadSession) void bridge.call('session.end', { reason: 'idle' });
    if (hadTechnician) void technician.lock();
  });

  async function chooseService(id: ServiceId): Promise<void> {
    if (!session.active && !SERVICES_WITHOUT_CARD.includes(id)) {
      card.awaitFor(id);
      await router.push({ name: 'card' });
      return;
    }
    // A service on the person's own records asks for the identity check first (once a session).
    if (identity.needsCheck(id) && identity.begin(id)) {
      await router.push({ name: 'identity' });
      return;
    }
    await router.push(routeForService(id));
  }

  return {
    async start() {
      unsubscribers.push(
        bridge.onConnectionChange((state) => {
          device.setConnection(state);
          watchLostConnection(state);
        }),
      );
      unsubscribers.push(bridge.onEvent((event) => void handleEvent(event)));
      device.setConnection(bridge.connection);
      bridge.start();
      await config.load();
    },
    stop() {
      if (lostTimer !== null) clock.clearTimeout(lostTimer);
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      bridge.stop();
    },
    chooseService,
    async continueAfterIdentity() {
      await identity.recordDone();
      const id = identity.pendingService;
      if (!session.active) await router.push({ name: 'home' });
      else if (id) await router.push(routeForService(id));
      else await router.push({ name: 'welcome' });
    },
    async goHome() {
      card.forget();
      await router.push({ name: 'home' });
    },
    async endByUser() {
      const ending = bridge.call('session.end', { reason: 'user' });
      await wipeAndGoHome(true);
      await ending;
    },
    async enterTechnician() {
      if (session.active) {
        session.wipe();
        await bridge.call('session.end', { reason: 'user' });
      }
      card.forget();
      await router.replace({ name: 'technician' });
      resetScreen();
    },
    async exitTechnician() {
      await technician.lock();
      if (session.active) await bridge.call('session.end', { reason: 'user' });
      await wipeAndGoHome(false);
    },
  };
}

/** Legal education is for anyone walking by: no card needed (the drafting and consult screens ask for one). */
const SERVICES_WITHOUT_CARD: readonly ServiceId[] = ['education'];

/** Each service's own screen. */
function routeForService(id: ServiceId) {
  if (id === 'legal-aid') return { name: 'apply' as const };
  if (id === 'status') return { name: 'status' as const };
  if (id === 'video') return { name: 'consult' as const };
  if (id === 'documents') return { name: 'documents' as const };
  return { name: 'education' as const };
}

function resetDocumentState(): void {
  if (typeof window === 'undefined') return;
  window.scrollTo?.(0, 0);
  const active = document.activeElement;
  if (active instanceof HTMLElement) active.blur();
}
